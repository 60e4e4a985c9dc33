//! Browser: the contact sidebar on Olivia Bennett's open conversation, against the seeded demo data:
//! every section's content, drag and keyboard reordering kept per user, collapse, tags, CC, safe
//! rendering of hostile values, and live updates from changes made through the API.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { api, callApi, loginToken } from './api';
import { launchBrowser, type BrowserSession } from './browser';
import { openPage, screenshot, signIn } from './support';
import type { components } from '../src/api/schema';

const baseUrl = inject('baseUrl');
const artifactsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'test-artifacts');
const DEMO_AGENT = { email: 'agent@convot.test', password: 'convot-demo' };
/** The registry's order; Shopify shows (second) only when the seed links the contact to a merchant. */
const REGISTRY_ORDER = [
  'summary',
  'shopify',
  'details',
  'notes',
  'custom-data',
  'contact-tags',
  'conversation-tags',
  'history',
  'events',
  'cc-emails',
];

type Schemas = components['schemas'];

/** Shopify's `AppEventTypes` the merchant endpoint logs, for every user. */
const LIFECYCLE_EVENT_TYPES = [
  'RELATIONSHIP_INSTALLED',
  'RELATIONSHIP_UNINSTALLED',
  'RELATIONSHIP_DEACTIVATED',
  'RELATIONSHIP_REACTIVATED',
  'SUBSCRIPTION_CHARGE_ACCEPTED',
  'SUBSCRIPTION_CHARGE_ACTIVATED',
  'SUBSCRIPTION_CHARGE_CANCELED',
  'SUBSCRIPTION_CHARGE_DECLINED',
  'SUBSCRIPTION_CHARGE_EXPIRED',
  'SUBSCRIPTION_CHARGE_FROZEN',
  'SUBSCRIPTION_CHARGE_UNFROZEN',
];
/** Shopify's app revenue `TransactionType`s, only for users with the revenue permission. */
const REVENUE_EVENT_TYPES = ['APP_SUBSCRIPTION_SALE', 'APP_USAGE_SALE', 'APP_ONE_TIME_SALE', 'APP_SALE_ADJUSTMENT', 'APP_SALE_CREDIT'];
type ConversationRow = Schemas['Conversation'];
type TagRow = Schemas['TagRef'];

/** Signs in, opens Olivia Bennett's open "Product Reviews" conversation from the list, waits for the sidebar. */
async function openOliviaConversation(page: Page, account?: { email: string; password: string }): Promise<Locator> {
  await signIn(page, baseUrl, account);
  await page.getByRole('list', { name: 'Conversations' }).getByRole('link', { name: /Olivia Bennett/ }).first().click();
  await page.waitForURL(/\/conversations\/[0-9a-f-]{36}/);
  return waitForSidebar(page);
}

async function waitForSidebar(page: Page): Promise<Locator> {
  const sidebar = page.getByRole('complementary', { name: 'Contact' });
  await sidebar.getByRole('heading', { name: 'Olivia Bennett', level: 2 }).waitFor();
  await sidebar.getByRole('region', { name: 'Contact details' }).getByText('+1 555 0100').waitFor();
  return sidebar;
}

function sectionOrder(sidebar: Locator): Promise<string[]> {
  return sidebar.locator('[data-section-id]').evaluateAll((nodes) =>
    nodes.map((node) => node.getAttribute('data-section-id') ?? ''),
  );
}

function section(sidebar: Locator, name: string): Locator {
  return sidebar.getByRole('region', { name, exact: true });
}

/** `order` with `id` moved to just before `before` (or after `after`). */
function moveBefore(order: string[], id: string, before: string): string[] {
  const rest = order.filter((item) => item !== id);
  rest.splice(rest.indexOf(before), 0, id);
  return rest;
}
function moveAfter(order: string[], id: string, after: string): string[] {
  const rest = order.filter((item) => item !== id);
  rest.splice(rest.indexOf(after) + 1, 0, id);
  return rest;
}

let DEFAULT_ORDER = REGISTRY_ORDER;

describe('contact sidebar', () => {
  let browser: BrowserSession;
  let ownerToken: string;
  let olivia: ConversationRow;
  let hasShopify = false;

  beforeAll(async () => {
    ownerToken = await loginToken(baseUrl);
    const apps = await api<{ items: { id: number; name: string }[] }>(baseUrl, 'GET', '/api/v1/apps', { token: ownerToken });
    const reviews = apps.items.find((app) => app.name === 'Product Reviews');
    if (!reviews) throw new Error('"Product Reviews" is not among the seeded apps');
    const open = await api<Schemas['ListOf_Conversation']>(
      baseUrl,
      'GET',
      `/api/v1/conversations?app_id=${reviews.id}&status=open&limit=100`,
      { token: ownerToken },
    );
    const found = open.items.find((conversation) => conversation.contact.display_name === 'Olivia Bennett');
    if (!found) throw new Error('Olivia Bennett has no open "Product Reviews" conversation in the demo data');
    olivia = found;
    const seeded = await api<{ shopify: unknown }>(baseUrl, 'GET', `/api/v1/conversations/${olivia.id}/sidebar`, { token: ownerToken });
    hasShopify = seeded.shopify !== null && seeded.shopify !== undefined;
    DEFAULT_ORDER = hasShopify ? REGISTRY_ORDER : REGISTRY_ORDER.filter((id) => id !== 'shopify');
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('shows every section with the seeded content, for one sidebar request', async () => {
    const { page, errors } = await openPage(browser.context, baseUrl);
    const sidebarRequests: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname.endsWith('/sidebar')) sidebarRequests.push(request.url());
    });
    const sidebar = await openOliviaConversation(page);
    expect(page.url()).toContain(`/conversations/${olivia.id}`);

    // Header
    await sidebar.getByText('Verified', { exact: true }).waitFor();
    await sidebar.getByText(/local time$/).waitFor();
    await sidebar.getByText(/^(Online|Idle|Offline) · (last seen .+|never seen)$/).waitFor();
    await sidebar.getByText('olivia@northwind-outfitters.com').first().waitFor();

    expect(await sectionOrder(sidebar)).toEqual(DEFAULT_ORDER);
    expect(await section(sidebar, 'Shopify').count()).toBe(hasShopify ? 1 : 0);
    await mkdir(artifactsDir, { recursive: true });
    await page.screenshot({ path: path.join(artifactsDir, 'inbox-sidebar.png') });

    await section(sidebar, 'Conversation summary').getByText('Duplicate upsell trigger in funnel settings removed by the agent.').waitFor();
    const details = section(sidebar, 'Contact details');
    for (const text of ['Northwind Outfitters', 'Portland, Oregon, US', 'northwind-outfitters.myshopify.com']) {
      await details.getByText(text, { exact: true }).waitFor();
    }
    const customData = section(sidebar, 'Custom data');
    for (const text of ['reviews_count', '709', 'theme', 'Dawn', 'widget_installed', 'true']) {
      await customData.getByText(text, { exact: true }).waitFor();
    }
    await customData
      .locator('.custom-data__row', { hasText: 'reviews_count' })
      .getByText(/^set by the app through identify, /)
      .waitFor();
    await section(sidebar, 'Contact tags').getByText('vip', { exact: true }).waitFor();
    await section(sidebar, 'Conversation tags').getByText('bug', { exact: true }).waitFor();
    const history = section(sidebar, 'Conversation history');
    await history.getByText('This conversation').waitFor();
    await history.getByText('Widget slows down my store').waitFor();
    await history.getByText('Upsell popup appears twice at checkout').waitFor();
    const events = section(sidebar, 'Contact events');
    await events.getByRole('button', { name: /^app_installed/ }).first().waitFor();
    await events.getByRole('button', { name: /^upsell_accepted/ }).first().click();
    await events.getByText('Matching belt').first().waitFor();
    await section(sidebar, 'CC emails').getByText('billing@northwind-outfitters.com').waitFor();

    // A past conversation can be peeked at in place.
    await history.getByRole('button', { name: 'Peek at “Widget slows down my store”' }).click();
    await history.getByRole('list', { name: 'Last messages' }).getByRole('listitem').first().waitFor();

    expect(sidebarRequests).toHaveLength(1);

    // The summary opens that conversation (in its own app).
    await section(sidebar, 'Conversation summary').getByRole('button', { name: /Duplicate upsell trigger/ }).click();
    await page.waitForURL(/\/conversations\/[0-9a-f-]{36}\?app=\d+/);
    expect(page.url()).not.toContain(olivia.id);
    await page.getByRole('heading', { name: 'Upsell popup appears twice at checkout', level: 2 }).waitFor();
    await section(sidebar, 'Conversation history').getByText('This conversation').waitFor();

    expect(errors).toEqual([]);
    await page.close();
  });

  it('keeps a mouse-dragged order across reloads, for that user only', async () => {
    const { page, errors } = await openPage(browser.context, baseUrl);
    const sidebar = await openOliviaConversation(page);
    // The Shopify section (rows, chart, other apps) is taller than what is left of an 800 px
    // window; collapsed, both handles are on screen, as an agent would arrange it to drag.
    const shopify = sidebar.getByRole('button', { name: 'Shopify', exact: true });
    await shopify.click();
    await expect.poll(() => shopify.getAttribute('aria-expanded')).toBe('false');

    const handle = sidebar.getByRole('button', { name: 'Reorder Contact details', exact: true });
    const target = sidebar.getByRole('button', { name: 'Reorder Conversation summary', exact: true });
    const from = await handle.boundingBox();
    const to = await target.boundingBox();
    if (!from || !to) throw new Error('The drag handles are not visible');
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2 - 12, { steps: 4 });
    // The dragged section's middle, not the pointer, picks the slot (closestCenter): a tall
    // section is carried well above the target's handle so its middle lands on the target.
    await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2 - 60, { steps: 16 });
    await page.waitForTimeout(150);
    await page.mouse.up();

    const moved = moveBefore(DEFAULT_ORDER, 'details', 'summary');
    await expect.poll(() => sectionOrder(sidebar)).toEqual(moved);

    await page.reload();
    await waitForSidebar(page);
    expect(await sectionOrder(sidebar)).toEqual(moved);
    const keys = await page.evaluate(() => Object.keys(window.localStorage));
    expect(keys.some((key) => /^convot\.sidebar-layout\.v1\.user-\d+$/.test(key))).toBe(true);

    // Another agent, in a fresh browser, gets the default order.
    const other = await launchBrowser();
    try {
      const { page: agentPage, errors: agentErrors } = await openPage(other.context, baseUrl);
      const agentSidebar = await openOliviaConversation(agentPage, DEMO_AGENT);
      expect(await sectionOrder(agentSidebar)).toEqual(DEFAULT_ORDER);
      expect(agentErrors).toEqual([]);
    } finally {
      await other.close();
    }

    // Reset layout restores the default.
    await sidebar.getByRole('button', { name: 'Reset layout' }).click();
    expect(await sectionOrder(sidebar)).toEqual(DEFAULT_ORDER);

    expect(errors).toEqual([]);
    await page.close();
  });

  it('keeps a collapsed section collapsed across reloads', async () => {
    const { page, errors } = await openPage(browser.context, baseUrl);
    const sidebar = await openOliviaConversation(page);

    const toggle = sidebar.getByRole('button', { name: 'Custom data', exact: true });
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await section(sidebar, 'Custom data').getByText('reviews_count').count()).toBe(0);

    await page.reload();
    await waitForSidebar(page);
    expect(await sidebar.getByRole('button', { name: 'Custom data', exact: true }).getAttribute('aria-expanded')).toBe('false');

    // Enter on the focused header opens it again.
    await sidebar.getByRole('button', { name: 'Custom data', exact: true }).focus();
    await page.keyboard.press('Enter');
    await section(sidebar, 'Custom data').getByText('reviews_count').waitFor();

    expect(errors).toEqual([]);
    await page.close();
  });

  it('reorders from the keyboard with the drag handle', async () => {
    const { page, errors } = await openPage(browser.context, baseUrl);
    const sidebar = await openOliviaConversation(page);

    await sidebar.getByRole('button', { name: 'Reorder Contact details', exact: true }).focus();
    await page.keyboard.press('Space');
    await page.waitForTimeout(150);
    await page.keyboard.press('ArrowDown');
    await page.waitForTimeout(150);
    await page.keyboard.press('Space');

    const expected = moveAfter(DEFAULT_ORDER, 'details', 'notes');
    await expect.poll(() => sectionOrder(sidebar)).toEqual(expected);
    await page.reload();
    await waitForSidebar(page);
    expect(await sectionOrder(sidebar)).toEqual(expected);

    expect(errors).toEqual([]);
    await page.close();
  });

  it('adds and removes a contact tag and a conversation tag, offering only tags of the right scope', async () => {
    const { page, errors } = await openPage(browser.context, baseUrl);
    const sidebar = await openOliviaConversation(page);

    const contactTags = section(sidebar, 'Contact tags');
    await contactTags.getByRole('button', { name: 'Add contact tag' }).click();
    const contactOptions = contactTags.getByRole('listbox', { name: 'Contact tags' });
    await contactOptions.getByRole('option', { name: 'follow-up' }).waitFor();
    // Conversation-only tags are never offered for a contact.
    expect(await contactOptions.getByRole('option', { name: 'billing' }).count()).toBe(0);
    await contactTags.getByRole('combobox', { name: 'Search contact tags' }).fill('beta');
    await contactOptions.getByRole('option', { name: 'beta-tester' }).click();
    await contactTags.getByRole('button', { name: 'Remove contact tag beta-tester' }).waitFor();
    await expect
      .poll(async () => {
        const data = await api<{ contact_tags: TagRow[] }>(baseUrl, 'GET', `/api/v1/conversations/${olivia.id}/sidebar`, {
          token: ownerToken,
        });
        return data.contact_tags.map((tag) => tag.name);
      })
      .toContain('beta-tester');
    await contactTags.getByRole('button', { name: 'Remove contact tag beta-tester' }).click();
    await contactTags.getByText('beta-tester').waitFor({ state: 'detached' });

    const conversationTags = section(sidebar, 'Conversation tags');
    await conversationTags.getByRole('button', { name: 'Add conversation tag' }).click();
    const search = conversationTags.getByRole('combobox', { name: 'Search conversation tags' });
    await search.fill('urg');
    await conversationTags.getByRole('option', { name: 'urgent' }).waitFor();
    await expect.poll(() => conversationTags.getByRole('option').count()).toBe(1);
    expect(await conversationTags.getByRole('option', { name: 'vip' }).count()).toBe(0);
    await search.press('Enter');
    await conversationTags.getByRole('button', { name: 'Remove conversation tag urgent' }).click();
    await conversationTags.getByText('urgent').waitFor({ state: 'detached' });
    // Removing is applied at once in the page; the server catches up.
    await expect
      .poll(async () => {
        const data = await api<{ contact_tags: TagRow[]; conversation_tags: TagRow[] }>(
          baseUrl,
          'GET',
          `/api/v1/conversations/${olivia.id}/sidebar`,
          { token: ownerToken },
        );
        return [data.contact_tags.map((tag) => tag.name), data.conversation_tags.map((tag) => tag.name)];
      })
      .toEqual([['vip'], ['bug']]);

    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows an invalid CC address inline, and adds a valid one', async () => {
    const { page, errors } = await openPage(browser.context, baseUrl);
    const sidebar = await openOliviaConversation(page);

    const cc = section(sidebar, 'CC emails');
    const input = cc.getByRole('textbox', { name: 'Add CC email' });
    await input.fill('not-an-email');
    await cc.getByRole('button', { name: 'Add', exact: true }).click();
    expect(await cc.getByRole('alert').textContent()).toBe('Must be a valid email address.');
    expect(await input.getAttribute('aria-invalid')).toBe('true');

    await input.fill('ops@northwind-outfitters.com');
    await input.press('Enter');
    await cc.getByText('ops@northwind-outfitters.com').waitFor();
    expect(await input.inputValue()).toBe('');
    await cc.getByRole('button', { name: 'Remove CC ops@northwind-outfitters.com' }).click();
    await cc.getByText('ops@northwind-outfitters.com').waitFor({ state: 'detached' });

    // The browser logs the 422 provoked above; nothing else may appear.
    expect(errors.filter((error) => !error.includes('status of 422'))).toEqual([]);
    await page.close();
  });

  it('opens the contact profile from View', async () => {
    const { page, errors } = await openPage(browser.context, baseUrl);
    const sidebar = await openOliviaConversation(page);

    await sidebar.getByRole('link', { name: /^View/ }).click();
    await page.waitForURL(`${baseUrl}/contacts/${olivia.contact.id}`);
    await page.getByRole('heading', { name: 'Olivia Bennett', level: 1 }).waitFor();

    expect(errors).toEqual([]);
    await page.close();
  });

  it('renders a hostile custom data value as text', async () => {
    const payload = '<img src=x onerror=alert(1)>';
    await api(baseUrl, 'PATCH', `/api/v1/contacts/${olivia.contact.id}/custom_data/${olivia.app_id}`, {
      token: ownerToken,
      body: { html_note: payload },
    });
    const { page, errors } = await openPage(browser.context, baseUrl);
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    try {
      const sidebar = await openOliviaConversation(page);
      const customData = section(sidebar, 'Custom data');
      await customData.getByText(payload, { exact: true }).waitFor();
      expect(await customData.locator('img').count()).toBe(0);
      await customData.locator('.custom-data__row', { hasText: 'html_note' }).getByText(/^set by an agent, /).waitFor();
      await page.waitForTimeout(300);
      expect(dialogs).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
      await callApi(baseUrl, 'PATCH', `/api/v1/contacts/${olivia.contact.id}/custom_data/${olivia.app_id}`, {
        token: ownerToken,
        body: { html_note: null },
      });
    }
  });

  it('shows tags and events added elsewhere without a reload', async () => {
    const { page, errors } = await openPage(browser.context, baseUrl);
    const sidebar = await openOliviaConversation(page);
    // A marker on the document: a reload would drop it.
    await page.evaluate(() => Object.assign(window, { convotSameDocument: true }));
    const tags = await api<Schemas['ListOf_Tag']>(baseUrl, 'GET', '/api/v1/tags?scope=contact&q=wholesale', { token: ownerToken });
    const wholesale = tags.items.find((tag) => tag.name === 'wholesale');
    if (!wholesale) throw new Error('The demo data has no "wholesale" tag');

    try {
      await api(baseUrl, 'PUT', `/api/v1/contacts/${olivia.contact.id}/tags/${wholesale.id}`, { token: ownerToken });
      await section(sidebar, 'Contact tags').getByText('wholesale', { exact: true }).waitFor({ timeout: 10_000 });

      const key = await api<{ token: string }>(baseUrl, 'POST', `/api/v1/apps/${olivia.app_id}/api_keys`, {
        token: ownerToken,
        body: { name: 'e2e live events', scopes: ['events:write'] },
      });
      await api(baseUrl, 'POST', `/api/v1/contacts/${olivia.contact.id}/events`, {
        token: key.token,
        body: { name: 'e2e_live_check', properties: { source: 'e2e' } },
      });
      await section(sidebar, 'Contact events').getByRole('button', { name: /^e2e_live_check/ }).waitFor({ timeout: 10_000 });

      expect(await page.evaluate(() => (window as unknown as { convotSameDocument?: boolean }).convotSameDocument)).toBe(true);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
      await callApi(baseUrl, 'DELETE', `/api/v1/contacts/${olivia.contact.id}/tags/${wholesale.id}`, { token: ownerToken });
    }
  });

  it('draws the MRR history of the row’s own app for the owner, and the Shopify section without revenue for the agent', async () => {
    expect(hasShopify).toBe(true);
    // The seed (api/src/seed/shopify.rs): Olivia's shop pays Product Reviews $29.99 (Pro, upgraded
    // from Basic) and Upsell Pro $49.00 (Growth). The conversation is in Product Reviews, so every
    // figure in the section is Product Reviews' alone: never the $78.99 sum.
    const ownerView = await api<Schemas['ContactShopify']>(baseUrl, 'GET', `/api/v1/contacts/${olivia.contact.id}/shopify`, {
      token: ownerToken,
    });
    const row = await api<Schemas['Sidebar']>(baseUrl, 'GET', `/api/v1/conversations/${olivia.id}/sidebar`, { token: ownerToken });
    expect(row.shopify?.app_name).toBe('Product Reviews');
    const reviews = ownerView.merchants.find(
      (merchant) => merchant.shop_domain === row.shopify?.shop_domain && merchant.app_name === row.shopify?.app_name,
    );
    const upsell = ownerView.merchants.find((merchant) => merchant.app_name === 'Upsell Pro');
    expect(reviews?.mrr?.amount_minor).toBe(2999);
    expect(row.shopify?.mrr?.amount_minor).toBe(2999);
    expect(upsell?.mrr?.amount_minor).toBe(4900);
    // The history is normalized MRR per charge, its last step the current MRR.
    expect(reviews?.mrr_history?.at(-1)?.amount_minor).toBe(2999);
    expect(Math.max(...(reviews?.mrr_history ?? []).map((step) => step.amount_minor))).toBe(2999);
    // Revenue transactions carry Shopify's TransactionType names; the plan change is one, not churn.
    const types = ownerView.events.map((event) => event.event_type);
    expect(types.filter((type) => !LIFECYCLE_EVENT_TYPES.includes(type) && !REVENUE_EVENT_TYPES.includes(type))).toEqual([]);
    expect(types).toContain('APP_SUBSCRIPTION_SALE');
    expect(types).toContain('APP_SALE_ADJUSTMENT');
    const ofReviews = ownerView.events.filter((event) => event.partner_app_id === '1001');
    expect(
      ofReviews.some((event) => event.event_type === 'SUBSCRIPTION_CHARGE_ACTIVATED' && event.details.previous_plan === 'Basic'),
    ).toBe(true);
    expect(
      ofReviews.some((event) => event.event_type === 'SUBSCRIPTION_CHARGE_CANCELED' && event.details.replaced === true),
    ).toBe(true);

    const { page, errors } = await openPage(browser.context, baseUrl);
    const sidebar = await openOliviaConversation(page);
    const shopify = section(sidebar, 'Shopify');
    const chart = shopify.getByRole('img', { name: 'MRR history of Product Reviews', exact: true });
    await chart.waitFor();
    expect(await chart.locator('path').getAttribute('d')).toMatch(/^M[\d.]+,[\d.]+ H/);
    await shopify.getByText(/^Product Reviews · MRR now \$29\.99, highest \$29\.99 since .+$/).waitFor();
    await shopify.getByText('MRR', { exact: true }).waitFor();
    await shopify.getByText('What the merchant pays per 30 days', { exact: true }).waitFor();
    await shopify.getByText('Net earned from this shop', { exact: true }).waitFor();
    await shopify.getByText('$29.99', { exact: true }).waitFor();
    await shopify.getByText('Also uses Upsell Pro: Growth plan, $49.00/mo', { exact: true }).waitFor();
    expect(await shopify.getByText(/\$78\.99/).count()).toBe(0);
    await shopify.screenshot({ path: path.join(artifactsDir, 'sidebar-shopify-mrr.png') });
    await screenshot(page, 'sidebar-shopify-mrr');
    expect(errors).toEqual([]);
    await page.close();

    const other = await launchBrowser();
    try {
      const { page: agentPage, errors: agentErrors } = await openPage(other.context, baseUrl);
      // The sidebar is the only read of an open (the merchant endpoint is not called).
      const sidebarRead = agentPage.waitForResponse((response) => new URL(response.url()).pathname.endsWith('/sidebar'));
      const merchantReads: string[] = [];
      agentPage.on('request', (request) => {
        if (/\/api\/v1\/contacts\/\d+\/shopify$/.test(new URL(request.url()).pathname)) merchantReads.push(request.url());
      });
      const agentSidebar = await openOliviaConversation(agentPage, DEMO_AGENT);
      const agentShopify = section(agentSidebar, 'Shopify');
      await agentShopify.getByText('northwind-outfitters.myshopify.com').waitFor();
      const reply = await sidebarRead;
      expect(reply.status()).toBe(200);
      const { shopify: agentRow } = (await reply.json()) as { shopify: Record<string, unknown> & { other_merchants: Record<string, unknown>[] } };
      // No revenue permission: no figure and no history, in the row or for another app.
      for (const merchant of [agentRow, ...agentRow.other_merchants]) {
        expect(merchant).not.toHaveProperty('mrr');
        expect(merchant).not.toHaveProperty('lifetime_value');
        expect(merchant).not.toHaveProperty('mrr_history');
      }
      // The agent operates Product Reviews only: Upsell Pro's merchant is not theirs to see.
      expect(agentRow.app_name).toBe('Product Reviews');
      expect(agentRow.other_merchants).toEqual([]);
      expect(merchantReads).toEqual([]);
      await agentShopify.getByText('Product Reviews', { exact: true }).waitFor();
      expect(await agentShopify.getByRole('img', { name: 'MRR history' }).count()).toBe(0);
      expect(await agentShopify.getByText(/MRR|Lifetime value|Also uses|\$/).count()).toBe(0);
      expect(agentErrors).toEqual([]);
    } finally {
      await other.close();
    }
  });
});
