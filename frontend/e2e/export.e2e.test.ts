//! Browser: the contacts list's CSV export of the current filter, read back from the download.
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { api, loginToken } from './api';
import { launchBrowser, type BrowserSession } from './browser';
import { openPage, signIn } from './support';

const baseUrl = inject('baseUrl');

type ContactPage = { items: { id: number; email: string | null }[]; next_cursor: string | null };

describe('contacts export', () => {
  let browser: BrowserSession;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('exports the filtered list and the file holds exactly the listed contacts', async () => {
    const { page, errors } = await openPage(browser.context, baseUrl);
    await signIn(page, baseUrl);
    await page.goto(`${baseUrl}/contacts?tag=beta-tester`);
    await page.getByRole('searchbox', { name: 'Search contacts' }).fill('a');
    await page.waitForURL(/q=a/);
    await page.getByRole('table').getByRole('row').nth(1).waitFor();

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^contacts-\d{4}-\d{2}-\d{2}\.csv$/);
    const file = await readFile((await download.path())!, 'utf8');
    const lines = file.split('\r\n').filter((line) => line !== '');
    const header = lines[0]!.split(',');
    expect(header.slice(0, 3)).toEqual(['id', 'email', 'external_id']);
    const exported = lines.slice(1).map((line) => Number(line.split(',')[0]));

    const token = await loginToken(baseUrl);
    const listed = await api<ContactPage>(baseUrl, 'GET', '/api/v1/contacts?q=a&tag=beta-tester&sort=created&limit=100', { token });
    expect(listed.items.length).toBeGreaterThan(0);
    expect(exported).toEqual(listed.items.map((c) => c.id));
    await page.getByText(`Exported ${listed.items.length} contact`).waitFor();

    expect(errors).toEqual([]);
    await page.close();
  });
});
