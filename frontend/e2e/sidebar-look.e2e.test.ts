//! Browser: how the sidebar's pieces are drawn, on Olivia Bennett's seeded conversation (read only):
//! tag chips as wide as their text, eight colour swatches that tell apart and are named, the
//! Shopify labels read in full, and the subscription status drawn like a conversation's status.
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { api, loginToken } from './api';
import { launchBrowser, type BrowserSession } from './browser';
import { closestPair, contrast, luminance } from './colors';
import { paintOf } from './color-audit';
import { layoutScreenshot, openPage, signIn } from './support';
import type { components } from '../src/api/schema';

const baseUrl = inject('baseUrl');
type Schemas = components['schemas'];

const SWATCH_NAMES = ['Gray', 'Red', 'Orange', 'Yellow', 'Green', 'Teal', 'Blue', 'Purple'];
const SUBSCRIPTION_WORDS: Record<Schemas['ShopifySubscriptionStatus'], string> = {
  trialing: 'In trial',
  active: 'Active',
  frozen: 'Frozen: billing on hold',
  churned: 'Churned: no active plan',
};

/** The text overflows its box: cut, whether or not an ellipsis shows it. */
function isCut(locator: Locator): Promise<boolean> {
  return locator.evaluate((node) => node.scrollWidth > node.clientWidth);
}

/** How many lines the element's text is laid out on (one box per line, whatever the row's height). */
function lineCount(locator: Locator): Promise<number> {
  return locator.evaluate((node) => {
    const range = document.createRange();
    range.selectNodeContents(node);
    return new Set(Array.from(range.getClientRects(), (rect) => Math.round(rect.top))).size;
  });
}

/** What makes a badge look like one, to compare two of them. */
function badgeStyle(locator: Locator) {
  return locator.evaluate((node) => {
    const computed = getComputedStyle(node);
    return {
      fontSize: computed.fontSize,
      fontWeight: computed.fontWeight,
      borderRadius: computed.borderTopLeftRadius,
      paddingLeft: computed.paddingLeft,
      lineHeight: computed.lineHeight,
    };
  });
}

async function openOlivia(page: Page): Promise<{ sidebar: Locator; thread: Locator }> {
  await signIn(page, baseUrl);
  await page.getByRole('list', { name: 'Conversations' }).getByRole('link', { name: /Olivia Bennett/ }).first().click();
  await page.waitForURL(/\/conversations\/[0-9a-f-]{36}/);
  const sidebar = page.getByRole('complementary', { name: 'Contact' });
  await sidebar.getByRole('heading', { name: 'Olivia Bennett', level: 2 }).waitFor();
  return { sidebar, thread: page.getByRole('main', { name: 'Conversation' }) };
}

function section(sidebar: Locator, name: string): Locator {
  return sidebar.getByRole('region', { name, exact: true });
}

/** The eight colour choices of a new tag, by accessible name, with the swatch each one paints. */
async function swatches(picker: Locator): Promise<Record<string, string>> {
  const colors = picker.getByRole('group', { name: 'Colour for the new tag' });
  await colors.waitFor();
  const radios = colors.getByRole('radio');
  const found: Record<string, string> = {};
  for (const radio of await radios.all()) {
    const name = await radio.evaluate((node) => (node as HTMLInputElement).labels?.[0]?.textContent?.trim() ?? '');
    found[name] = await radio.evaluate((node) => getComputedStyle(node.closest('label') ?? node).backgroundColor);
  }
  return found;
}

describe('sidebar look', () => {
  let browser: BrowserSession;
  let subscription: Schemas['ShopifySubscriptionStatus'] | null = null;

  beforeAll(async () => {
    const token = await loginToken(baseUrl);
    const apps = await api<{ items: { id: number; name: string }[] }>(baseUrl, 'GET', '/api/v1/apps', { token });
    const reviews = apps.items.find((app) => app.name === 'Product Reviews');
    const open = await api<Schemas['ListOf_Conversation']>(baseUrl, 'GET', `/api/v1/conversations?app_id=${reviews?.id}&status=open&limit=100`, {
      token,
    });
    const olivia = open.items.find((conversation) => conversation.contact.display_name === 'Olivia Bennett');
    if (!olivia) throw new Error('Olivia Bennett has no open "Product Reviews" conversation in the demo data');
    const sidebar = await api<Schemas['Sidebar']>(baseUrl, 'GET', `/api/v1/conversations/${olivia.id}/sidebar`, { token });
    subscription = sidebar.shopify?.subscription_status ?? null;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('sizes tag chips to their text and offers eight distinct, named swatches', async () => {
    const { page, errors } = await openPage(browser.context, baseUrl);
    const { sidebar } = await openOlivia(page);

    const tags = section(sidebar, 'Contact tags');
    const chip = tags.getByRole('list', { name: 'contact tags' }).getByRole('listitem').filter({ hasText: 'vip' });
    const chipBox = await chip.boundingBox();
    const nameBox = await chip.getByText('vip', { exact: true }).boundingBox();
    const sectionBox = await tags.boundingBox();
    if (!chipBox || !nameBox || !sectionBox) throw new Error('The "vip" chip is not drawn');
    // Its text, the padding and the remove button: a few dozen pixels, not the section's width.
    expect(chipBox.width, 'the "vip" chip is as wide as its text').toBeLessThanOrEqual(nameBox.width + 40);
    expect(chipBox.width).toBeLessThan(sectionBox.width / 3);

    const conversationTags = section(sidebar, 'Conversation tags');
    await conversationTags.getByRole('button', { name: 'Add conversation tag' }).click();
    // A name nobody uses: the picker offers to create it, with a colour; nothing is created.
    await conversationTags.getByRole('combobox', { name: 'Search conversation tags' }).fill('e2e-swatch-look');
    await conversationTags.getByRole('button', { name: 'Create “e2e-swatch-look”' }).waitFor();
    const light = await swatches(conversationTags);
    expect(Object.keys(light)).toEqual(SWATCH_NAMES);
    const pickerBackground = (await paintOf(conversationTags.getByRole('group', { name: 'Colour for the new tag' }))).background;
    for (const [name, color] of Object.entries(light)) {
      expect(luminance(color), `${name} is a colour, not a pale tint`).toBeLessThan(0.6);
      expect(contrast(color, pickerBackground), `${name} stands out from the picker`).toBeGreaterThanOrEqual(1.8);
    }
    const closest = closestPair(light);
    expect(closest.distance, `swatches ${closest.pair} tell apart`).toBeGreaterThanOrEqual(20);
    await layoutScreenshot(page, 'sidebar-tags');

    await page.keyboard.press('Escape');
    await conversationTags.getByRole('group', { name: 'Colour for the new tag' }).waitFor({ state: 'detached' });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('names the lifetime value in full, lets the labels wrap, and draws the subscription status as a badge', async () => {
    // The seed (api/src/seed/shopify.rs): Olivia's shop is on Product Reviews' Pro plan.
    expect(subscription).toBe('active');
    const { page, errors } = await openPage(browser.context, baseUrl);
    const { sidebar, thread } = await openOlivia(page);
    const shopify = section(sidebar, 'Shopify');
    const label = shopify.getByText('Lifetime value', { exact: true });
    await label.waitFor();

    expect(await isCut(label), '"Lifetime value" reads in full').toBe(false);
    expect(await label.evaluate((node) => getComputedStyle(node).textOverflow)).not.toBe('ellipsis');
    expect(await lineCount(label)).toBe(1);
    // Narrower than the label (a larger font, a narrow drawer): it wraps instead of being cut.
    await label.evaluate((node) => {
      (node as HTMLElement).style.width = '4rem';
    });
    expect(await isCut(label), 'a narrow "Lifetime value" wraps rather than being cut').toBe(false);
    expect(await lineCount(label), 'a narrow "Lifetime value" takes two lines').toBe(2);
    await label.evaluate((node) => (node as HTMLElement).style.removeProperty('width'));

    const words = SUBSCRIPTION_WORDS.active;
    const badge = shopify.getByText(words, { exact: true });
    const conversationBadge = thread.getByText('Open', { exact: true });
    expect(await badgeStyle(badge), 'the subscription status looks like the conversation status').toEqual(
      await badgeStyle(conversationBadge),
    );
    const badgePaint = await paintOf(badge);
    const sectionPaint = await paintOf(shopify);
    expect(badgePaint.background, 'the badge has its own colour').not.toBe(sectionPaint.background);
    expect(contrast(badgePaint.color, badgePaint.background)).toBeGreaterThanOrEqual(4.5);
    // Active reads as healthy: the same colours as an open conversation.
    expect(badgePaint).toEqual(await paintOf(conversationBadge));
    await shopify.scrollIntoViewIfNeeded();
    await layoutScreenshot(page, 'sidebar-shopify');

    expect(errors).toEqual([]);
    await page.close();
  });
});
