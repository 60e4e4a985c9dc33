//! Browser: sign-in redirect, the inbox shell for the demo owner, an inline error for a wrong password.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, type BrowserSession } from './browser';
import { openPage, screenshot } from './support';

const baseUrl = inject('baseUrl');

describe('signing in', () => {
  let browser: BrowserSession;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('redirects to /login, signs in as the demo owner and shows the inbox shell', async () => {
    const { page, errors } = await openPage(browser.context, baseUrl);

    await page.goto(`${baseUrl}/`);
    await page.waitForURL(`${baseUrl}/login`);
    await page.getByRole('heading', { name: 'Sign in to your inbox' }).waitFor();
    await screenshot(page, 'login');

    await page.getByLabel('Email').fill('demo@convot.test');
    await page.getByLabel('Password').fill('convot-demo');
    await page.getByRole('button', { name: 'Sign in' }).click();

    await page.waitForURL(`${baseUrl}/`);
    const banner = page.getByRole('banner');
    await banner.getByText('Acme Apps', { exact: true }).waitFor();
    const picker = page.getByRole('navigation', { name: 'Apps' });
    await picker.getByRole('button', { name: 'Product Reviews', exact: true }).waitFor();
    await picker.getByRole('button', { name: 'Upsell Pro', exact: true }).waitFor();
    await page.getByRole('list', { name: 'Conversations' }).getByRole('link').first().waitFor();
    await page.getByText('Select a conversation').waitFor();
    expect(await banner.getByText('Owner', { exact: true }).count()).toBe(1);
    await screenshot(page, 'inbox');

    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL(`${baseUrl}/login`);
    expect(await page.evaluate(() => window.localStorage.length)).toBe(0);

    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows the server error inline for a wrong password', async () => {
    const { page, errors } = await openPage(browser.context, baseUrl);

    await page.goto(`${baseUrl}/login`);
    await page.getByLabel('Email').fill('demo@convot.test');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();

    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/invalid email or password/i);
    expect(page.url()).toBe(`${baseUrl}/login`);
    await screenshot(page, 'login-error');

    expect(errors).toEqual([]);
    await page.close();
  });
});
