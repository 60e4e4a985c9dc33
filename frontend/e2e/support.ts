//! Helpers shared by the browser specs: a page that records browser errors, and debug screenshots.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';

export type WatchedPage = { page: Page; errors: string[] };

/**
 * Opens a signed-out page that collects uncaught exceptions and console errors (CSP violations
 * show up there). The browser profile is shared by a file's tests, so storage is wiped first.
 */
export async function openPage(context: BrowserContext, baseUrl: string): Promise<WatchedPage> {
  const page = await context.newPage();
  await page.goto(`${baseUrl}/api/health`);
  await page.evaluate(() => {
    window.localStorage.clear();
    window.sessionStorage.clear();
  });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    // The browser logs every non-2xx fetch; the tests provoke some of these on purpose
    // (401/403/404, and 409/422 for inline validation).
    if (/Failed to load resource: the server responded with a status of (40[1349]|422)/.test(message.text())) return;
    errors.push(`console: ${message.text()}`);
  });
  return { page, errors };
}

/** Saves a full-page screenshot when E2E_SCREENSHOT_DIR is set (e.g. /tmp), for looking at the UI. */
export async function screenshot(page: Page, name: string) {
  const dir = process.env.E2E_SCREENSHOT_DIR;
  if (!dir) return;
  await page.screenshot({ path: path.join(dir, `convot-${name}.png`), fullPage: true });
}

/** Where layout tests leave their pictures for a person to look at (ignored by git). */
export const LAYOUT_SCREENSHOT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'screenshots');

/**
 * Saves a screenshot of a layout case under `e2e/screenshots/` on every run. The test asserts
 * boxes and computed styles; the picture is for a reviewer's eyes, never compared.
 */
export async function layoutScreenshot(page: Page, name: string) {
  await mkdir(LAYOUT_SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(LAYOUT_SCREENSHOT_DIR, `${name}.png`) });
}

export const DEMO_OWNER = { email: 'demo@convot.test', password: 'convot-demo' };

/** Signs in through the login form and waits for the inbox. */
export async function signIn(page: Page, baseUrl: string, account = DEMO_OWNER) {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('banner').waitFor();
}
