//! Browser: replying with a CC address until the copy is delivered, private notes, and status changes
//! with their activity lines. The server has no SMTP URL, so it writes copies to .eml files and marks them sent.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { api, callApi, loginToken } from './api';
import { launchBrowser, type BrowserSession } from './browser';
import { openPage, screenshot, signIn } from './support';
import type { components } from '../src/api/schema';

const baseUrl = inject('baseUrl');
const CC = 'boss@e2e-replies.test';

type Schemas = components['schemas'];

describe('replies, notes and statuses', () => {
  let browser: BrowserSession;
  let token: string;
  let conversation: Schemas['Conversation'];

  beforeAll(async () => {
    token = await loginToken(baseUrl);
    const apps = await api<{ items: { id: number; name: string }[] }>(baseUrl, 'GET', '/api/v1/apps', { token });
    const reviews = apps.items.find((app) => app.name === 'Product Reviews');
    if (!reviews) throw new Error('"Product Reviews" is not among the seeded apps');
    const open = await api<Schemas['ListOf_Conversation']>(
      baseUrl,
      'GET',
      `/api/v1/conversations?app_id=${reviews.id}&status=open&limit=100`,
      { token },
    );
    // Not Olivia's: the sidebar spec reads her conversations as seeded.
    const found = open.items.find((row) => row.contact.display_name !== 'Olivia Bennett');
    if (!found) throw new Error('No open "Product Reviews" conversation besides Olivia Bennett\'s');
    conversation = found;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    // Put the demo data back: no extra CC address, the conversation open again.
    await callApi(baseUrl, 'DELETE', `/api/v1/conversations/${conversation.id}/cc_emails/${encodeURIComponent(CC)}`, { token });
    await callApi(baseUrl, 'POST', `/api/v1/conversations/${conversation.id}/status`, { token, body: { status: 'open' } });
    await browser?.close();
  });

  async function openConversation(page: Page) {
    await signIn(page, baseUrl);
    await page.goto(`${baseUrl}/conversations/${conversation.id}`);
    await page.getByRole('form', { name: 'Write a message' }).waitFor();
  }

  it('sends a reply with a CC address and shows the copy delivered', async () => {
    const { page, errors } = await openPage(browser.context, baseUrl);
    await openConversation(page);

    const cc = page.getByRole('complementary', { name: 'Contact' }).getByRole('region', { name: 'CC emails', exact: true });
    await cc.getByRole('textbox', { name: 'Add CC email' }).fill(CC);
    await cc.getByRole('button', { name: 'Add', exact: true }).click();
    await cc.getByText(CC, { exact: true }).waitFor();

    const text = `Thanks, we are on it (${Date.now()})`;
    const reply = page.getByRole('textbox', { name: 'Reply' });
    await reply.fill(text);
    await reply.press('Control+Enter');
    await page.waitForFunction(() => (document.querySelector('textarea') as HTMLTextAreaElement | null)?.value === '');

    const message = page.getByRole('list', { name: 'Messages' }).getByRole('listitem').filter({ hasText: text });
    const delivery = message.getByRole('list', { name: 'CC deliveries' }).getByText(new RegExp(`^CC: ${CC.replace('.', '\\.')} `));
    await delivery.waitFor();
    // Queued at first, then sent once the outbox worker has written the copy (polled every 2 s).
    await page.waitForFunction(
      (email) =>
        Array.from(document.querySelectorAll('.deliveries__item')).some((item) => item.textContent === `CC: ${email} ✓ sent`),
      CC,
      { timeout: 20_000 },
    );
    expect(await delivery.textContent()).toBe(`CC: ${CC} ✓ sent`);

    // The API agrees.
    const messages = await api<{ items: { content: string; deliveries: { email: string; status: string }[] }[] }>(
      baseUrl,
      'GET',
      `/api/v1/conversations/${conversation.id}/messages?limit=100`,
      { token },
    );
    const stored = messages.items.find((item) => item.content === text);
    expect(stored?.deliveries.find((d) => d.email === CC)?.status).toBe('sent');
    await screenshot(page, 'reply-delivered');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('writes a private note that has no deliveries, and shows an empty reply error inline', async () => {
    const { page, errors } = await openPage(browser.context, baseUrl);
    await openConversation(page);

    await page.getByRole('tab', { name: 'Note' }).click();
    await page.getByText('Only agents see notes').waitFor();
    const text = `Customer is on the legacy plan (${Date.now()})`;
    // In the composer: the sidebar's Notes section (notes about the contact) has a box and an
    // "Add note" of its own.
    const composer = page.getByRole('form', { name: 'Write a message' });
    await composer.getByRole('textbox', { name: 'Note', exact: true }).fill(text);
    await composer.getByRole('button', { name: 'Add note' }).click();

    const note = page.getByRole('list', { name: 'Messages' }).getByRole('listitem').filter({ hasText: text });
    await note.waitFor();
    expect(await note.getAttribute('class')).toContain('message--note');
    await note.getByText('Private note').waitFor();
    expect(await note.getByRole('list', { name: 'CC deliveries' }).count()).toBe(0);

    // Whitespace only: the button stays disabled, so the server never sees it.
    await page.getByRole('tab', { name: 'Reply' }).click();
    await page.getByRole('textbox', { name: 'Reply' }).fill('   ');
    expect(await page.getByRole('button', { name: 'Send reply' }).isDisabled()).toBe(true);

    expect(errors).toEqual([]);
    await page.close();
  });

  it('resolves and reopens, with an activity line and the status badge following', async () => {
    const { page, errors } = await openPage(browser.context, baseUrl);
    await openConversation(page);
    const badge = page.locator('.thread__heading .status-badge');
    expect(await badge.textContent()).toBe('Open');

    await page.getByRole('button', { name: 'Resolve', exact: true }).click();
    await page.waitForFunction(() => document.querySelector('.thread__heading .status-badge')?.textContent === 'Resolved');
    const activity = page.locator('.message--activity').filter({ hasText: 'Dana Demo resolved the conversation' });
    await activity.last().waitFor();

    await page.getByRole('button', { name: 'Reopen', exact: true }).click();
    await page.waitForFunction(() => document.querySelector('.thread__heading .status-badge')?.textContent === 'Open');
    await page.locator('.message--activity').filter({ hasText: /Dana Demo (re)?opened the conversation/ }).last().waitFor();
    await screenshot(page, 'thread-statuses');

    expect(errors).toEqual([]);
    await page.close();
  });
});
