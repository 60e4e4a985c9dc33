//! Browser: the inbox as an agent lives in it: the list follows presence and shows real messages,
//! a contact deleted under the agent's eyes, who a reply will be copied to, the sidebar's first
//! paint, and history rows that open conversations the list's filter hides.
import type { Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { api, callApi, loginToken, widgetVisitor } from './api';
import { launchBrowser, type BrowserSession } from './browser';
import { layoutScreenshot, openPage, signIn } from './support';
import type { components } from '../src/api/schema';

const baseUrl = inject('baseUrl');

type Schemas = components['schemas'];
type App = Schemas['App'];
type Conversation = Schemas['Conversation'];

/** Unique per run and per test, so the rows a test makes are its own. */
function uid(): string {
  return `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
}

type Visitor = { session: string; conversationId: string };

/** A widget visitor in `app` who identifies with `profile` and writes `content`. */
async function visitor(app: App, profile: Record<string, unknown>, content: string): Promise<Visitor> {
  return widgetVisitor(baseUrl, app.public_key, profile, content);
}

/** Resolves once the tab's live stream is connected, so notices sent after it reach the page. */
function streamConnected(page: Page): Promise<unknown> {
  return page.waitForResponse((response) => new URL(response.url()).pathname === '/api/v1/stream');
}

/**
 * Holds the page's requests that `matches` until `release()`: a slow network, made deterministic,
 * so a test can look at the state in between.
 */
async function holdRequests(page: Page, matches: (url: URL) => boolean): Promise<{ release: () => void }> {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  await page.route(matches, async (route: Route) => {
    await gate;
    await route.continue();
  });
  return { release };
}

function conversationList(page: Page) {
  return page.getByRole('list', { name: 'Conversations' });
}

function row(page: Page, conversationId: string) {
  return conversationList(page).locator(`[data-conversation-id="${conversationId}"]`);
}

describe('inbox', () => {
  let browser: BrowserSession;
  let token: string;
  let reviews: App;
  let upsell: App;

  beforeAll(async () => {
    token = await loginToken(baseUrl);
    const apps = await api<{ items: App[] }>(baseUrl, 'GET', '/api/v1/apps', { token });
    const byName = (name: string) => {
      const app = apps.items.find((item) => item.name === name);
      if (!app) throw new Error(`"${name}" is not among the seeded apps: ${JSON.stringify(apps.items)}`);
      return app;
    };
    reviews = byName('Product Reviews');
    upsell = byName('Upsell Pro');
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it("turns a list row's presence dot online when the visitor's widget sends a heartbeat", async () => {
    const id = uid();
    const name = `Petra Presence ${id}`;
    const { session, conversationId } = await visitor(
      reviews,
      { email: `presence-${id}@example.com`, name },
      `Is anyone there? ${id}`,
    );
    const { page, errors } = await openPage(browser.context, baseUrl);
    await signIn(page, baseUrl);
    const connected = streamConnected(page);
    await page.goto(`${baseUrl}/?app=${reviews.id}`);
    const dot = row(page, conversationId).locator('.conversation-row__presence');
    await dot.waitFor();
    await connected;
    // Never seen by a heartbeat: offline.
    expect(await dot.getAttribute('class')).toContain('presence__dot--offline');

    await api(baseUrl, 'POST', '/api/v1/widget/heartbeat', { token: session, body: { visible: true, active: true } });
    await expect
      .poll(() => dot.getAttribute('class'), { timeout: 10_000 })
      .toContain('presence__dot--online');

    expect(errors).toEqual([]);
    await page.close();
  });

  it("previews a row with its last real message, not an activity line like '… reopened the conversation'", async () => {
    const id = uid();
    const question = `Does the import keep my tags? ${id}`;
    const { conversationId } = await visitor(reviews, { email: `preview-${id}@example.com`, name: `Rhea Reopen ${id}` }, question);
    const statusPath = `/api/v1/conversations/${conversationId}/status`;
    await api(baseUrl, 'POST', statusPath, { token, body: { status: 'resolved' } });
    await api(baseUrl, 'POST', statusPath, { token, body: { status: 'open' } });

    const { page, errors } = await openPage(browser.context, baseUrl);
    await signIn(page, baseUrl);
    await page.goto(`${baseUrl}/?app=${reviews.id}`);
    const preview = row(page, conversationId).locator('.conversation-row__preview-text');
    await preview.waitFor();
    expect(await preview.textContent()).toBe(question);

    expect(errors).toEqual([]);
    await page.close();
  });

  it('says plainly that the open contact was deleted, stops replies, and moves on to the next conversation', async () => {
    const id = uid();
    const name = `Dora Deleted ${id}`;
    const { conversationId } = await visitor(reviews, { email: `deleted-${id}@example.com`, name }, `Please erase me ${id}`);
    const conversation = await api<Conversation>(baseUrl, 'GET', `/api/v1/conversations/${conversationId}`, { token });

    const { page, errors } = await openPage(browser.context, baseUrl);
    await signIn(page, baseUrl);
    const connected = streamConnected(page);
    await page.goto(`${baseUrl}/conversations/${conversationId}?app=${reviews.id}`);
    const thread = page.getByRole('main', { name: 'Conversation' });
    const sidebar = page.getByRole('complementary', { name: 'Contact' });
    await sidebar.getByRole('heading', { name, level: 2 }).waitFor();
    await row(page, conversationId).waitFor();
    await connected;
    const order = await conversationList(page)
      .locator('[data-conversation-id]')
      .evaluateAll((links) => links.map((link) => link.getAttribute('data-conversation-id') ?? ''));
    const next = order[order.indexOf(conversationId) + 1];
    expect(next).toBeDefined();

    // The list's refresh is held back, so the moment between the deletion and moving on can be seen.
    const listRefresh = await holdRequests(page, (url) => url.pathname === '/api/v1/conversations');
    const deleted = await callApi(baseUrl, 'DELETE', `/api/v1/contacts/${conversation.contact.id}`, { token });
    expect(deleted.status).toBe(204);

    await thread.getByRole('alert').filter({ hasText: `${name} was deleted` }).waitFor({ timeout: 10_000 });
    // The draft stays selectable and copyable; nothing can be typed or sent.
    expect(await thread.getByRole('textbox', { name: 'Reply' }).isEditable()).toBe(false);
    expect(await thread.getByRole('button', { name: 'Send reply' }).isDisabled()).toBe(true);
    await sidebar.getByText('Contact deleted', { exact: true }).waitFor();
    expect(await sidebar.getByText('Could not refresh').count()).toBe(0);
    await layoutScreenshot(page, 'inbox-contact-deleted');

    listRefresh.release();
    await page.waitForURL(new RegExp(`/conversations/${next}`), { timeout: 10_000 });
    await row(page, next!).and(page.locator('[aria-current="page"]')).waitFor();
    expect(await row(page, conversationId).count()).toBe(0);
    // The agent is told why the conversation changed under them.
    await thread.getByRole('status').filter({ hasText: `${name} was deleted` }).waitFor();
    expect(await thread.getByRole('textbox', { name: 'Reply' }).isEditable()).toBe(true);
    await layoutScreenshot(page, 'inbox-moved-on');

    expect(errors).toEqual([]);
    await page.close();
  });

  it("shows under the reply box who the reply will be copied to, following the conversation's CC list", async () => {
    const id = uid();
    const { conversationId } = await visitor(reviews, { email: `cc-${id}@example.com`, name: `Cora Copied ${id}` }, `CC my team ${id}`);
    const first = `first-cc-${id}@example.com`;
    const second = `second-cc-${id}@example.com`;
    const ccPath = `/api/v1/conversations/${conversationId}/cc_emails`;
    await api(baseUrl, 'POST', ccPath, { token, body: { email: first } });

    const { page, errors } = await openPage(browser.context, baseUrl);
    await signIn(page, baseUrl);
    const connected = streamConnected(page);
    await page.goto(`${baseUrl}/conversations/${conversationId}?app=${reviews.id}`);
    const composer = page.getByRole('form', { name: 'Write a message' });
    const cc = composer.getByText(/^CC:/);
    await cc.waitFor({ timeout: 10_000 });
    expect(await cc.textContent()).toBe(`CC: ${first}`);
    // Screen readers hear it with the reply box.
    const described = await composer.getByRole('textbox', { name: 'Reply' }).getAttribute('aria-describedby');
    expect(described?.split(' ')).toContain(await cc.getAttribute('id'));

    await connected;
    await api(baseUrl, 'POST', ccPath, { token, body: { email: second } });
    await expect.poll(() => cc.textContent(), { timeout: 10_000 }).toMatch(new RegExp(`^CC: .*${second}`));
    expect(await cc.textContent()).toContain(first);

    // Notes are never emailed: no CC line on the Note tab.
    await composer.getByRole('tab', { name: 'Note' }).click();
    await composer.getByRole('textbox', { name: 'Note' }).waitFor();
    expect(await composer.getByText(/^CC:/).count()).toBe(0);

    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows the name the list already knows while the sidebar loads, not a column of spinners', async () => {
    const id = uid();
    const name = `Lena Loading ${id}`;
    const { conversationId } = await visitor(reviews, { email: `loading-${id}@example.com`, name }, `Slow sidebar ${id}`);

    const { page, errors } = await openPage(browser.context, baseUrl);
    await signIn(page, baseUrl);
    await page.goto(`${baseUrl}/?app=${reviews.id}`);
    await row(page, conversationId).waitFor();
    const sidebarLoad = await holdRequests(page, (url) => url.pathname.endsWith('/sidebar'));
    await row(page, conversationId).click();

    const sidebar = page.getByRole('complementary', { name: 'Contact' });
    await sidebar.getByRole('heading', { name, level: 2 }).waitFor({ timeout: 10_000 });
    expect(await sidebar.locator('[aria-busy="true"]').count()).toBe(1);
    // One loading line for the panel (the other status region is the reorder announcer).
    expect(await sidebar.getByRole('status').filter({ hasText: /^Loading/ }).count()).toBe(1);
    await layoutScreenshot(page, 'inbox-sidebar-loading');

    sidebarLoad.release();
    await sidebar.getByRole('region', { name: 'Contact details' }).getByText(`loading-${id}@example.com`).waitFor();
    expect(await sidebar.getByRole('heading', { name, level: 2 }).count()).toBe(1);

    expect(errors).toEqual([]);
    await page.close();
  });

  it('selects a resolved conversation in the list when a history row opens it under the Open filter', async () => {
    const id = uid();
    const email = `history-${id}@example.com`;
    const current = await visitor(reviews, { email, name: `Hugo History ${id}` }, `Still open in reviews ${id}`);
    const past = await visitor(upsell, { email }, `Resolved upsell question ${id}`);
    await api(baseUrl, 'POST', `/api/v1/conversations/${past.conversationId}/status`, { token, body: { status: 'resolved' } });

    const { page, errors } = await openPage(browser.context, baseUrl);
    await signIn(page, baseUrl);
    await page.goto(`${baseUrl}/conversations/${current.conversationId}?app=${reviews.id}`);
    await row(page, current.conversationId).and(page.locator('[aria-current="page"]')).waitFor();
    const history = page.getByRole('complementary', { name: 'Contact' }).getByRole('region', { name: 'Conversation history' });
    await history.getByRole('button', { name: new RegExp(`^Resolved upsell question ${id}`) }).click();

    await page.waitForURL(new RegExp(`/conversations/${past.conversationId}`));
    await row(page, past.conversationId).and(page.locator('[aria-current="page"]')).waitFor({ timeout: 10_000 });
    expect(await page.getByRole('group', { name: 'Status' }).getByRole('button', { pressed: true }).textContent()).toBe('All');
    await layoutScreenshot(page, 'inbox-history-resolved');

    expect(errors).toEqual([]);
    await page.close();
  });
});
