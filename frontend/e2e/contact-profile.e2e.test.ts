//! Browser: the contact profile — in-place edits that reach the sidebar, inline validation that saves
//! nothing, the event timeline (infinite scroll, name filter, 90-day chart), live search, and deletion.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { api, callApi, loginToken } from './api';
import { launchBrowser, type BrowserSession } from './browser';
import { openPage, signIn } from './support';
import type { components } from '../src/api/schema';

const baseUrl = inject('baseUrl');
const artifactsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'test-artifacts');
const DAY_MS = 86_400_000;

type Schemas = components['schemas'];

describe('contact profile', () => {
  let browser: BrowserSession;
  let token: string;
  let kenji: Schemas['ContactProfile'];

  beforeAll(async () => {
    token = await loginToken(baseUrl);
    const found = await api<Schemas['ListOf_ContactSummary']>(baseUrl, 'GET', '/api/v1/contacts?q=Kenji', { token });
    const row = found.items.find((contact) => contact.display_name === 'Kenji Sato');
    if (!row) throw new Error('Kenji Sato is not among the seeded contacts');
    kenji = await api<Schemas['ContactProfile']>(baseUrl, 'GET', `/api/v1/contacts/${row.id}`, { token });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await callApi(baseUrl, 'PATCH', `/api/v1/contacts/${kenji.id}`, { token, body: { phone: kenji.phone } });
    await browser?.close();
  });

  it('finds a contact by company as you type', async () => {
    const { page, errors } = await openPage(browser.context, baseUrl);
    await signIn(page, baseUrl);
    await page.goto(`${baseUrl}/contacts`);
    await page.getByRole('table').getByRole('row').nth(1).waitFor();

    await page.getByRole('searchbox', { name: 'Search contacts' }).fill('Kumo');
    await page.waitForURL(`${baseUrl}/contacts?q=Kumo`);
    await page.waitForFunction(() => document.querySelectorAll('tbody tr').length === 1);
    await page.getByRole('link', { name: 'Kenji Sato', exact: true }).waitFor();

    expect(errors).toEqual([]);
    await page.close();
  });

  it('saves an edited field and shows it in the sidebar of the contact’s conversation', async () => {
    const { page, errors } = await openPage(browser.context, baseUrl);
    await signIn(page, baseUrl);
    await page.goto(`${baseUrl}/contacts/${kenji.id}`);
    await page.getByRole('heading', { name: 'Kenji Sato', level: 1 }).waitFor();
    const details = page.getByRole('region', { name: 'Details', exact: true });

    const phone = '+81 90 1234 5678';
    await details.getByRole('button', { name: 'Edit Phone' }).click();
    await details.getByRole('textbox', { name: 'Phone' }).fill(phone);
    await details.getByRole('textbox', { name: 'Phone' }).press('Enter');
    await details.getByText(phone, { exact: true }).waitFor();
    const stored = await api<Schemas['ContactProfile']>(baseUrl, 'GET', `/api/v1/contacts/${kenji.id}`, { token });
    expect(stored.phone).toBe(phone);

    await mkdir(artifactsDir, { recursive: true });
    await page.getByRole('region', { name: 'Events', exact: true }).locator('.events-chart').waitFor();
    await page.screenshot({ path: path.join(artifactsDir, 'contact-profile.png'), fullPage: true });

    await page.getByRole('list', { name: 'Conversations' }).getByRole('link').first().click();
    await page.waitForURL(/\/conversations\/[0-9a-f-]{36}/);
    const sidebar = page.getByRole('complementary', { name: 'Contact' });
    await sidebar.getByRole('heading', { name: 'Kenji Sato', level: 2 }).waitFor();
    await sidebar.getByRole('region', { name: 'Contact details' }).getByText(phone).waitFor();

    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows an invalid email inline and stores nothing', async () => {
    const { page, errors } = await openPage(browser.context, baseUrl);
    await signIn(page, baseUrl);
    await page.goto(`${baseUrl}/contacts/${kenji.id}`);
    const details = page.getByRole('region', { name: 'Details', exact: true });
    await details.getByRole('button', { name: 'Edit Email' }).click();
    const input = details.getByRole('textbox', { name: 'Email' });
    await input.fill('not-an-email');
    await input.press('Enter');

    const alert = details.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/valid email/i);
    expect(await input.getAttribute('aria-invalid')).toBe('true');
    const stored = await api<Schemas['ContactProfile']>(baseUrl, 'GET', `/api/v1/contacts/${kenji.id}`, { token });
    expect(stored.email).toBe(kenji.email);

    await input.press('Escape');
    await details.getByText(kenji.email ?? '', { exact: true }).waitFor();
    expect(await details.getByRole('alert').count()).toBe(0);

    expect(errors).toEqual([]);
    await page.close();
  });

  it('scrolls the timeline for more events, filters it by name, charts it, and deletes the contact', async () => {
    // A throwaway contact with 45 events over the last weeks, created through an app's API key.
    const apps = await api<{ items: { id: number; name: string }[] }>(baseUrl, 'GET', '/api/v1/apps', { token });
    const appId = apps.items[0]?.id;
    const key = await api<{ id: number; token: string }>(baseUrl, 'POST', `/api/v1/apps/${appId}/api_keys`, {
      token,
      body: { name: 'e2e timeline', scopes: ['contacts:read', 'contacts:write', 'events:write'] },
    });
    const contact = await api<{ id: number }>(baseUrl, 'POST', '/api/v1/contacts', {
      token: key.token,
      body: { name: 'Timeline Tester', email: 'timeline@e2e-profile.test' },
    });
    const now = Date.now();
    for (let index = 0; index < 45; index += 1) {
      const name = index % 9 === 0 ? 'plan_upgraded' : 'page_viewed';
      await api(baseUrl, 'POST', `/api/v1/contacts/${contact.id}/events`, {
        token: key.token,
        body: { name, occurred_at: new Date(now - index * DAY_MS).toISOString(), properties: { step: index, path: '/pricing' } },
      });
    }
    await api(baseUrl, 'DELETE', `/api/v1/apps/${appId}/api_keys/${key.id}`, { token });

    const { page, errors } = await openPage(browser.context, baseUrl);
    await signIn(page, baseUrl);
    await page.goto(`${baseUrl}/contacts/${contact.id}`);
    const events = page.getByRole('region', { name: 'Events', exact: true });
    const rows = events.getByRole('list', { name: 'Events' }).getByRole('listitem');
    await rows.nth(29).waitFor();
    expect(await rows.count()).toBe(30);
    await events.getByText(/^45 events in the last 90 days, on 45 days/).waitFor();

    // Properties expand in place, as text.
    await rows.first().getByRole('button').click();
    await rows.first().getByText('/pricing', { exact: true }).waitFor();

    await events.getByRole('button', { name: 'Load more events' }).scrollIntoViewIfNeeded();
    await rows.nth(44).waitFor();
    expect(await rows.count()).toBe(45);

    await events.getByRole('combobox', { name: 'Event name' }).fill('plan_upgraded');
    await page.waitForFunction(
      () => document.querySelectorAll('[aria-label="Events"] .event-row').length === 5,
    );
    expect(await rows.allTextContents()).toSatisfy((texts: string[]) => texts.every((text) => text.includes('plan_upgraded')));

    await page.getByRole('button', { name: 'Delete contact' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete Timeline Tester?' });
    await dialog.getByRole('button', { name: 'Delete contact' }).click();
    await page.waitForURL(`${baseUrl}/contacts`);
    expect((await callApi(baseUrl, 'GET', `/api/v1/contacts/${contact.id}`, { token })).status).toBe(404);

    expect(errors).toEqual([]);
    await page.close();
  });
});
