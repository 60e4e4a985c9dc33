//! Browser: contact list, search, profile, deep links and a missing contact.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, type BrowserSession } from './browser';
import { openPage, screenshot, signIn } from './support';

const baseUrl = inject('baseUrl');

describe('contacts', () => {
  let browser: BrowserSession;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('lists and searches the seeded contacts and opens a profile', async () => {
    const { page, errors } = await openPage(browser.context, baseUrl);
    await signIn(page, baseUrl);

    await page.getByRole('banner').getByRole('link', { name: 'Contacts', exact: true }).click();
    await page.waitForURL(`${baseUrl}/contacts`);
    const rows = page.getByRole('table').getByRole('row');
    await rows.nth(1).waitFor();
    expect(await rows.count()).toBeGreaterThan(5);
    await screenshot(page, 'contacts');

    await page.getByRole('searchbox', { name: 'Search contacts' }).fill('northwind');
    await page.waitForURL(`${baseUrl}/contacts?q=northwind`);
    const match = page.getByRole('link', { name: 'Olivia Bennett', exact: true });
    await match.waitFor();
    // Only the one match is left in the table.
    await page.waitForFunction(() => document.querySelectorAll('tbody tr').length === 1);

    await match.click();
    await page.getByRole('heading', { name: 'Olivia Bennett', level: 1 }).waitFor();
    await page.getByText('olivia@northwind-outfitters.com').first().waitFor();
    await page.getByText('Northwind Outfitters', { exact: true }).waitFor();
    await screenshot(page, 'contact-profile');

    expect(errors).toEqual([]);
    await page.close();
  });

  it('serves deep links to a profile and says when a contact does not exist', async () => {
    const { page, errors } = await openPage(browser.context, baseUrl);
    await signIn(page, baseUrl);

    await page.goto(`${baseUrl}/contacts/999999`);
    await page.getByText('Contact not found').waitFor();

    expect(errors).toEqual([]);
    await page.close();
  });
});
