//! Browser: the inbox at the widths agents use (1440, 1280, 1024, 800 px). The contact sidebar is
//! a column beside the thread on wide windows and a drawer over it on narrow ones; either way a
//! toggle in the thread header reaches it and the choice is kept per user. The top bar and the
//! thread header stay on one line. Assertions are element boxes; the pictures are for a person.
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, type BrowserSession } from './browser';
import { layoutScreenshot, openPage, signIn } from './support';

const baseUrl = inject('baseUrl');
const DEMO_AGENT = { email: 'agent@convot.test', password: 'convot-demo' };
const PANEL_KEY = /^convot\.sidebar-panel\.v1\.user-\d+$/;

type Box = { x: number; y: number; width: number; height: number };

async function boxOf(locator: Locator): Promise<Box> {
  const box = await locator.boundingBox();
  if (!box) throw new Error(`${locator.toString()} has no box (not rendered)`);
  return box;
}

const middle = (box: Box) => box.y + box.height / 2;

/** Olivia Bennett's open "Product Reviews" conversation, opened from the list. */
async function openOlivia(page: Page, account?: { email: string; password: string }) {
  await signIn(page, baseUrl, account);
  await page.getByRole('list', { name: 'Conversations' }).getByRole('link', { name: /Olivia Bennett/ }).first().click();
  await page.waitForURL(/\/conversations\/[0-9a-f-]{36}/);
  const thread = page.getByRole('main', { name: 'Conversation' });
  await thread.getByRole('button', { name: 'Mark pending' }).waitFor();
  return {
    thread,
    sidebar: page.getByRole('complementary', { name: 'Contact' }),
    toggle: thread.getByRole('button', { name: 'Contact panel', exact: true }),
  };
}

/** The signed-in top bar and the thread header each lay out on one line, nothing cut or pushed out. */
async function expectSingleLineBars(page: Page, thread: Locator) {
  const width = page.viewportSize()?.width ?? 0;
  const banner = page.getByRole('banner');
  const bannerBox = await boxOf(banner);
  for (const item of [
    banner.getByRole('link', { name: 'Inbox', exact: true }),
    banner.getByRole('link', { name: 'Integrations', exact: true }),
    banner.getByRole('link', { name: 'Webhooks', exact: true }),
    banner.getByRole('button', { name: 'Log out' }),
  ]) {
    const box = await boxOf(item);
    expect(Math.abs(middle(box) - middle(bannerBox)), `${item.toString()} sits on the top bar's line`).toBeLessThanOrEqual(2);
    expect(box.x + box.width, `${item.toString()} stays inside the window`).toBeLessThanOrEqual(width);
  }
  expect(await banner.evaluate((node) => node.scrollWidth <= node.clientWidth)).toBe(true);

  const title = await boxOf(thread.getByRole('heading', { level: 2 }));
  const resolve = await boxOf(thread.getByRole('button', { name: 'Resolve' }));
  const pending = await boxOf(thread.getByRole('button', { name: 'Mark pending' }));
  // A wrapped label makes its button taller than the one-line "Resolve".
  expect(pending.height, '"Mark pending" keeps its label on one line').toBeLessThanOrEqual(resolve.height + 1);
  expect(Math.abs(middle(pending) - middle(title)), '"Mark pending" stays beside the title').toBeLessThanOrEqual(4);
  expect(Math.abs(middle(resolve) - middle(title)), '"Resolve" stays beside the title').toBeLessThanOrEqual(4);
}

function panelKeys(page: Page): Promise<string[]> {
  return page.evaluate(() => Object.keys(window.localStorage));
}

describe('inbox layout', () => {
  let browser: BrowserSession;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  for (const width of [1440, 1280]) {
    it(`docks the sidebar beside the thread at ${width} px, and hides it on request for that user`, async () => {
      const { page, errors } = await openPage(browser.context, baseUrl);
      await page.setViewportSize({ width, height: 900 });
      const { thread, sidebar, toggle } = await openOlivia(page);
      await sidebar.getByRole('heading', { name: 'Olivia Bennett', level: 2 }).waitFor();
      await layoutScreenshot(page, `inbox-${width}`);

      const threadBox = await boxOf(thread);
      const sidebarBox = await boxOf(sidebar);
      expect(sidebarBox.x + sidebarBox.width).toBeCloseTo(width, 0);
      expect(threadBox.x + threadBox.width, 'the thread ends where the sidebar starts').toBeLessThanOrEqual(sidebarBox.x + 1);
      expect(threadBox.width).toBeGreaterThanOrEqual(520);
      await expectSingleLineBars(page, thread);

      expect(await toggle.count(), 'a "Contact panel" toggle in the thread header').toBe(1);
      expect(await toggle.getAttribute('aria-expanded')).toBe('true');
      await toggle.click();
      await sidebar.waitFor({ state: 'hidden' });
      await expect.poll(async () => (await boxOf(thread)).x + (await boxOf(thread)).width).toBeCloseTo(width, 0);

      await page.reload();
      await thread.getByRole('button', { name: 'Mark pending' }).waitFor();
      expect(await toggle.getAttribute('aria-expanded')).toBe('false');
      expect(await sidebar.isVisible()).toBe(false);
      expect((await panelKeys(page)).some((key) => PANEL_KEY.test(key))).toBe(true);

      await toggle.click();
      await sidebar.getByRole('heading', { name: 'Olivia Bennett', level: 2 }).waitFor();
      expect((await boxOf(sidebar)).x + (await boxOf(sidebar)).width).toBeCloseTo(width, 0);

      expect(errors).toEqual([]);
      await page.close();
    });
  }

  it('keeps the top bar and the thread header on one line at 1024 px, with the sidebar a toggle away', async () => {
    const { page, errors } = await openPage(browser.context, baseUrl);
    await page.setViewportSize({ width: 1024, height: 768 });
    const { thread, sidebar, toggle } = await openOlivia(page);
    await layoutScreenshot(page, 'inbox-1024');

    await expectSingleLineBars(page, thread);
    expect((await boxOf(thread)).width, 'the thread keeps room to read').toBeGreaterThanOrEqual(600);

    expect(await toggle.count(), 'a "Contact panel" toggle in the thread header').toBe(1);
    await toggle.click();
    await sidebar.getByRole('heading', { name: 'Olivia Bennett', level: 2 }).waitFor();
    const drawer = await boxOf(sidebar);
    expect(drawer.x).toBeGreaterThanOrEqual(0);
    expect(drawer.x + drawer.width).toBeCloseTo(1024, 0);
    expect(drawer.width).toBeGreaterThanOrEqual(300);
    await layoutScreenshot(page, 'inbox-1024-drawer');

    expect(errors).toEqual([]);
    await page.close();
  });

  it('opens the sidebar as a drawer over the thread at 800 px, closes it with Escape, and remembers it per user', async () => {
    const { page, errors } = await openPage(browser.context, baseUrl);
    await page.setViewportSize({ width: 800, height: 900 });
    const { thread, sidebar, toggle } = await openOlivia(page);
    await expectSingleLineBars(page, thread);

    expect(await toggle.count(), 'a "Contact panel" toggle in the thread header').toBe(1);
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await sidebar.isVisible()).toBe(false);

    await toggle.click();
    await sidebar.getByRole('heading', { name: 'Olivia Bennett', level: 2 }).waitFor();
    const drawer = await boxOf(sidebar);
    const threadBox = await boxOf(thread);
    expect(drawer.x + drawer.width).toBeCloseTo(800, 0);
    expect(drawer.width).toBeGreaterThanOrEqual(300);
    expect(drawer.x, 'the drawer lies over the thread').toBeLessThan(threadBox.x + threadBox.width);
    // It is on top: the point in its middle belongs to it, not to the thread underneath.
    expect(
      await sidebar.evaluate((node) => {
        const rect = node.getBoundingClientRect();
        return node.contains(document.elementFromPoint(rect.x + rect.width / 2, rect.y + rect.height / 2));
      }),
    ).toBe(true);
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    await layoutScreenshot(page, 'inbox-800-drawer');

    // Kept across a reload, for this user.
    await page.reload();
    await sidebar.getByRole('heading', { name: 'Olivia Bennett', level: 2 }).waitFor();
    expect((await panelKeys(page)).some((key) => PANEL_KEY.test(key))).toBe(true);

    // Escape closes it and gives focus back to the toggle.
    await sidebar.getByRole('button', { name: 'Close contact panel' }).focus();
    await page.keyboard.press('Escape');
    await sidebar.waitFor({ state: 'hidden' });
    await expect.poll(() => toggle.evaluate((node) => node === document.activeElement)).toBe(true);
    await toggle.click();
    await sidebar.getByRole('heading', { name: 'Olivia Bennett', level: 2 }).waitFor();

    // Another user in the same browser starts with the drawer closed.
    await page.getByRole('banner').getByRole('button', { name: 'Log out' }).click();
    await page.getByLabel('Email').waitFor();
    const agent = await openOlivia(page, DEMO_AGENT);
    expect(await agent.toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await agent.sidebar.isVisible()).toBe(false);

    expect(errors).toEqual([]);
    await page.close();
  });
});
