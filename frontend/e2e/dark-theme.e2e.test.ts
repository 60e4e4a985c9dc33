//! Browser: `prefers-color-scheme: dark` paints the app dark through the design tokens, and light
//! stays light. Computed colours of the main surfaces, every visible text's contrast with what it
//! is drawn on, and no pale fill left over in the dark (a colour that bypasses the tokens).
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { api, loginToken } from './api';
import { launchBrowser, type BrowserSession } from './browser';
import { closestPair, contrast, luminance } from './colors';
import { paintOf, paintedTexts } from './color-audit';
import { layoutScreenshot, openPage, signIn } from './support';

const baseUrl = inject('baseUrl');
type Scheme = 'dark' | 'light';

/** Muted and subtle text may be quieter than body text, but never below 3:1 (WCAG large text). */
const MIN_TEXT_CONTRAST = 3;
const MIN_BODY_CONTRAST = 4.5;

/** Texts drawn with too little contrast, or (in the dark) on a fill that is still light. */
async function offenders(root: Locator, scheme: Scheme) {
  const texts = await paintedTexts(root);
  expect(texts.length).toBeGreaterThan(3);
  return texts
    .map((text) => ({ ...text, ratio: Number(contrast(text.color, text.background).toFixed(2)) }))
    .filter((text) => text.ratio < MIN_TEXT_CONTRAST || (scheme === 'dark' && luminance(text.background) > 0.3));
}

/** The main surfaces: dark (or light) backgrounds with readable text on them. */
async function expectSurfaces(page: Page, scheme: Scheme) {
  const thread = page.getByRole('main', { name: 'Conversation' });
  const sidebar = page.getByRole('complementary', { name: 'Contact' });
  const surfaces: [string, Locator][] = [
    ['page', page.locator('html')],
    ['top bar', page.getByRole('banner').getByTestId('org-name')],
    ['conversation list', page.getByRole('list', { name: 'Conversations' }).getByRole('link').first()],
    ['thread', thread.getByRole('heading', { level: 2 })],
    ['message', thread.getByRole('list', { name: 'Messages' }).getByRole('listitem').first()],
    ['sidebar', sidebar.getByRole('heading', { name: 'Olivia Bennett', level: 2 })],
    ['reply box', thread.getByRole('textbox', { name: 'Reply' })],
    ['tag chip', sidebar.getByRole('list', { name: 'contact tags' }).getByRole('listitem').first()],
  ];
  for (const [name, locator] of surfaces) {
    const { color, background } = await paintOf(locator);
    const [ground, ink] = [luminance(background), luminance(color)];
    const darkest = name === 'tag chip' ? 0.15 : 0.05;
    const themed = scheme === 'dark' ? ground < darkest && ink > 0.3 : ground > 0.6 && ink < 0.2;
    expect(themed, `${name}: ${color} on ${background} in the ${scheme} theme`).toBe(true);
    expect(contrast(color, background), `${name}: ${color} on ${background}`).toBeGreaterThanOrEqual(MIN_BODY_CONTRAST);
  }
  // Native parts (scrollbars, the caret, form controls) follow the theme too.
  expect(await page.locator('html').evaluate((node) => getComputedStyle(node).colorScheme)).toContain(scheme);
}

async function openOlivia(page: Page) {
  await signIn(page, baseUrl);
  await page.getByRole('list', { name: 'Conversations' }).getByRole('link', { name: /Olivia Bennett/ }).first().click();
  await page.waitForURL(/\/conversations\/[0-9a-f-]{36}/);
  await page.getByRole('complementary', { name: 'Contact' }).getByText('+1 555 0100').waitFor();
  await page.getByRole('main', { name: 'Conversation' }).getByRole('list', { name: 'Messages' }).getByRole('listitem').first().waitFor();
}

describe('colour themes', () => {
  let browser: BrowserSession;
  let oliviaContactId = 0;

  beforeAll(async () => {
    const token = await loginToken(baseUrl);
    const contacts = await api<{ items: { id: number; name: string | null }[] }>(baseUrl, 'GET', '/api/v1/contacts?q=olivia', { token });
    oliviaContactId = contacts.items.find((contact) => contact.name === 'Olivia Bennett')?.id ?? 0;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  for (const scheme of ['dark', 'light'] as const) {
    it(`paints the inbox ${scheme} when the system prefers ${scheme}, every text readable`, async () => {
      const { page, errors } = await openPage(browser.context, baseUrl);
      await page.emulateMedia({ colorScheme: scheme });
      await page.setViewportSize({ width: 1440, height: 900 });
      await openOlivia(page);

      await expectSurfaces(page, scheme);
      expect(await offenders(page.locator('body'), scheme)).toEqual([]);
      await layoutScreenshot(page, `theme-${scheme}-inbox`);

      // The note composer has its own colours.
      const thread = page.getByRole('main', { name: 'Conversation' });
      await thread.getByRole('tab', { name: 'Note' }).click();
      await thread.getByText('Only agents see notes').waitFor();
      expect(await offenders(thread, scheme)).toEqual([]);
      const note = await paintOf(thread.getByRole('textbox', { name: 'Note' }));
      expect(contrast(note.color, note.background)).toBeGreaterThanOrEqual(MIN_BODY_CONTRAST);
      expect(luminance(note.background) < 0.1, `the note box is ${note.background}`).toBe(scheme === 'dark');

      // The new-tag swatches stay distinct on this background.
      const tags = page.getByRole('complementary', { name: 'Contact' }).getByRole('region', { name: 'Conversation tags', exact: true });
      await tags.getByRole('button', { name: 'Add conversation tag' }).click();
      await tags.getByRole('combobox', { name: 'Search conversation tags' }).fill('e2e-theme-look');
      const colours = tags.getByRole('group', { name: 'Colour for the new tag' });
      await colours.waitFor();
      const swatches: Record<string, string> = {};
      for (const radio of await colours.getByRole('radio').all()) {
        const name = await radio.evaluate((node) => (node as HTMLInputElement).labels?.[0]?.textContent?.trim() ?? '');
        swatches[name] = await radio.evaluate((node) => getComputedStyle(node.closest('label') ?? node).backgroundColor);
      }
      const ground = (await paintOf(colours)).background;
      for (const [name, color] of Object.entries(swatches)) {
        expect(contrast(color, ground), `${name} swatch stands out on ${ground}`).toBeGreaterThanOrEqual(1.8);
      }
      const closest = closestPair(swatches);
      expect(closest.distance, `swatches ${closest.pair} tell apart`).toBeGreaterThanOrEqual(20);
      expect(await offenders(tags, scheme)).toEqual([]);
      await page.keyboard.press('Escape');

      expect(errors).toEqual([]);
      await page.close();
    });
  }

  it('paints the login page, contacts, the profile, the integrations and the webhooks pages dark', async () => {
    const { page, errors } = await openPage(browser.context, baseUrl);
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.setViewportSize({ width: 1280, height: 900 });

    await page.goto(`${baseUrl}/login`);
    await page.getByLabel('Email').waitFor();
    expect(await offenders(page.locator('body'), 'dark')).toEqual([]);
    const field = await paintOf(page.getByLabel('Email'));
    expect(luminance(field.background)).toBeLessThan(0.05);
    await layoutScreenshot(page, 'theme-dark-login');

    await signIn(page, baseUrl);
    await page.goto(`${baseUrl}/contacts`);
    await page.getByRole('table').getByRole('row').nth(1).waitFor();
    expect(await offenders(page.locator('body'), 'dark')).toEqual([]);
    await layoutScreenshot(page, 'theme-dark-contacts');

    expect(oliviaContactId).toBeGreaterThan(0);
    await page.goto(`${baseUrl}/contacts/${oliviaContactId}`);
    await page.getByRole('heading', { name: 'Olivia Bennett', level: 1 }).waitFor();
    await page.getByText('reviews_count').first().waitFor();
    expect(await offenders(page.locator('body'), 'dark')).toEqual([]);
    await layoutScreenshot(page, 'theme-dark-profile');

    await page.goto(`${baseUrl}/settings/integrations/shopify`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.getByText(/Connected|Syncing|Error|Not connected/).first().waitFor();
    expect(await offenders(page.locator('body'), 'dark')).toEqual([]);
    await layoutScreenshot(page, 'theme-dark-integrations');

    await page.goto(`${baseUrl}/settings/webhooks`);
    await page.getByRole('heading', { name: 'Webhooks', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    await page.getByRole('form', { name: 'New endpoint' }).waitFor();
    expect(await offenders(page.locator('body'), 'dark')).toEqual([]);
    await layoutScreenshot(page, 'theme-dark-webhooks');

    expect(errors).toEqual([]);
    await page.close();
  });
});
