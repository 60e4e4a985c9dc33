//! Browser: Settings → Integrations → Shopify against the seeded fixture connection (partner org
//! 1234567, apps 1001 → Product Reviews and 1002 → Upsell Pro, the default Partner API version).
//! Never presses "Sync now" and never submits a valid-looking token: either would make the server
//! call Shopify.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { api, loginToken } from './api';
import { launchBrowser, type BrowserSession } from './browser';
import { openPage, screenshot, signIn } from './support';
import type { components } from '../src/api/schema';

const baseUrl = inject('baseUrl');
const DEMO_AGENT = { email: 'agent@convot.test', password: 'convot-demo' };

type Integration = components['schemas']['ShopifyIntegration'];

describe('Shopify integration settings', () => {
  let browser: BrowserSession;
  let ownerToken: string;
  let seeded: Integration;

  beforeAll(async () => {
    ownerToken = await loginToken(baseUrl);
    seeded = await api<Integration>(baseUrl, 'GET', '/api/v1/integrations/shopify', { token: ownerToken });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('shows the owner the connection and its mappings, never the token, and 422s inline', async () => {
    const { page, errors } = await openPage(browser.context, baseUrl);
    await signIn(page, baseUrl);
    await page.getByRole('banner').getByRole('link', { name: 'Integrations' }).click();
    await page.waitForURL(/\/settings\/integrations\/shopify$/);
    const main = page.getByRole('main', { name: 'Shopify' });
    await main.getByText('Connected', { exact: true }).waitFor();
    await main.getByText('1234567', { exact: true }).waitFor();
    const mappings = main.getByRole('list', { name: 'App mappings' }).getByRole('listitem');
    await expect.poll(() => mappings.allTextContents()).toEqual([
      'Partner app 1001 → Product Reviews',
      'Partner app 1002 → Upsell Pro',
    ]);
    await main.getByText('Last successful sync').waitFor();
    // The Partner API version the sync uses; the seeded one is supported, so no warning shows.
    expect(seeded.api_version).toMatch(/^(\d{4}-\d{2}|unstable)$/);
    expect(seeded.api_version_warning).toBeNull();
    await main.getByText('Partner API version', { exact: true }).waitFor();
    await main.getByText(seeded.api_version, { exact: true }).waitFor();
    expect(await main.getByText(/Partner API version warning/).count()).toBe(0);
    await screenshot(page, 'shopify-settings');

    // No token in the page (nor in anything the page received).
    expect(await page.content()).not.toMatch(/prtapi/i);

    // Reconnect with a token of the wrong shape: the server's 422 shows under the token field.
    await main.getByRole('button', { name: 'Reconnect' }).click();
    const form = main.getByRole('form', { name: 'Reconnect Shopify' });
    const tokenInput = form.getByLabel('Partner API token');
    expect(await tokenInput.getAttribute('type')).toBe('password');
    expect(await tokenInput.inputValue()).toBe('');
    expect(await form.getByLabel('Partner organization id').inputValue()).toBe('1234567');
    expect(await form.getByLabel('Partner app id 2').inputValue()).toBe('1002');
    await tokenInput.fill('not-a-partner-token');
    await form.getByRole('button', { name: 'Reconnect' }).click();
    await form.getByText('must be a Partner API token (prtapi_…)').waitFor();
    expect(await tokenInput.getAttribute('aria-invalid')).toBe('true');
    await form.getByRole('button', { name: 'Cancel' }).click();
    await main.getByRole('button', { name: 'Sync now' }).waitFor();

    // Nothing changed on the server.
    const after = await api<Integration>(baseUrl, 'GET', '/api/v1/integrations/shopify', { token: ownerToken });
    expect(after.partner_organization_id).toBe(seeded.partner_organization_id);
    expect(after.apps).toEqual(seeded.apps);

    expect(errors).toEqual([]);
    await page.close();
  });

  it('offers agents no settings link, and says owners manage integrations', async () => {
    const { page, errors } = await openPage(browser.context, baseUrl);
    await signIn(page, baseUrl, DEMO_AGENT);
    const nav = page.getByRole('banner').getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Contacts' }).waitFor();
    expect(await nav.getByRole('link', { name: 'Integrations' }).count()).toBe(0);

    await page.goto(`${baseUrl}/settings/integrations/shopify`);
    await page.getByText('Only owners manage integrations.').waitFor();
    expect(errors).toEqual([]);
    await page.close();
  });
});
