//! Browser: the demo host page loads the widget snippet, identifies a visitor and sends a message;
//! the agent API then shows the new contact.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { api } from './api';
import { launchBrowser, type BrowserSession } from './browser';
import { DEMO_OWNER, openPage, screenshot } from './support';
import type { components } from '../src/api/schema';

const baseUrl = inject('baseUrl');

type ContactList = components['schemas']['ListOf_ContactSummary'];

/** Calls the agent API from the test process (not the browser): GET, or POST when there is a body. */
function agentApi<T>(path: string, token: string | null, body?: unknown): Promise<T> {
  return api<T>(baseUrl, body === undefined ? 'GET' : 'POST', path, { token, body });
}

function uniqueEmail(prefix: string): string {
  return `${prefix}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`;
}

/** Serves one HTML page on its own port: a host site on another origin than the Convot server. */
async function serveHostPage(html: string): Promise<{ origin: string; close: () => Promise<void> }> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    response.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections(); // the browser keeps its connection alive
      }),
  };
}

describe('widget', () => {
  let browser: BrowserSession;
  let agentToken: string;
  let appKey: string;

  beforeAll(async () => {
    const login = await agentApi<{ token: string }>('/api/v1/auth/login', null, DEMO_OWNER);
    agentToken = login.token;
    const apps = await agentApi<{ items: { name: string; public_key: string }[] }>('/api/v1/apps', agentToken);
    const reviews = apps.items.find((app) => app.name === 'Product Reviews');
    if (!reviews) throw new Error(`"Product Reviews" is not among the seeded apps: ${JSON.stringify(apps.items)}`);
    appKey = reviews.public_key;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('identifies a visitor, who then shows up as a contact, and sends a message', async () => {
    const { page, errors } = await openPage(browser.context, baseUrl);
    const firstHeartbeat = page.waitForResponse((response) => response.url().endsWith('/api/v1/widget/heartbeat'));

    await page.goto(`${baseUrl}/widget/demo/?app_id=${encodeURIComponent(appKey)}`);
    await page.getByText(`Widget v1 loaded for ${appKey}.`).waitFor();
    expect(await page.getByLabel('App key').inputValue()).toBe(appKey);

    // The session is created at load and the first heartbeat follows right away.
    const heartbeat = await firstHeartbeat;
    expect(heartbeat.status()).toBe(204);
    expect(heartbeat.request().postDataJSON()).toEqual({ visible: true, active: false });
    const stored = await page.evaluate((key) => window.localStorage.getItem(`convot:${key}:session`), appKey);
    expect(stored).toMatch(/^ws_/);

    const email = uniqueEmail('widget-demo');
    const name = 'Wren Widgetson';
    await page.getByLabel('Email', { exact: true }).fill(email);
    await page.getByLabel('Name', { exact: true }).fill(name);
    await page.getByLabel('Company', { exact: true }).fill('Widget Works');
    await page.getByLabel('Custom data (JSON object)').fill('{"plan": "pro", "seats": 3}');
    await page.getByRole('button', { name: 'Identify', exact: true }).click();

    const identifyResult = page.locator('#identify-result[data-state="success"]');
    await identifyResult.waitFor();
    expect(JSON.parse((await identifyResult.textContent()) ?? '')).toEqual({ verified: false });

    const contacts = await agentApi<ContactList>(`/api/v1/contacts?q=${encodeURIComponent(email)}`, agentToken);
    expect(contacts.items).toHaveLength(1);
    expect(contacts.items[0]).toMatchObject({ email, name });

    await page.getByRole('textbox', { name: 'Message', exact: true }).fill('Hi! Does the reviews widget support video reviews?');
    await page.getByRole('button', { name: 'Send message', exact: true }).click();
    const messageResult = page.locator('#message-result[data-state="success"]');
    await messageResult.waitFor();
    const posted = JSON.parse((await messageResult.textContent()) ?? '') as { conversation_id: string; message_id: number };
    expect(posted.conversation_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(typeof posted.message_id).toBe('number');
    await screenshot(page, 'widget-demo');

    expect(errors).toEqual([]);
    await page.close();
  });

  it('works cross-origin from a host page with a Crisp-style queue', async () => {
    const { page, errors } = await openPage(browser.context, baseUrl);
    const email = uniqueEmail('widget-host');
    const config = {
      app_id: appKey,
      q: [
        ['set', 'user:email', [email]],
        ['set', 'user:nickname', ['Crispin Queue']],
        ['set', 'session:data', [[['plan', 'pro'], ['seats', 3]]]],
        ['do', 'message:send', ['Hello from the shop']],
      ],
    };
    // A customer's page on another origin (another port), embedding the snippet the documented
    // way; every widget call then goes cross-origin to the Convot server. (Loopback on both
    // sides: Chromium blocks a public origin from calling a loopback address.)
    const host = await serveHostPage(
      `<!doctype html><title>Shop</title><script>window.Convot = ${JSON.stringify(config)};</script>
      <script async src="${baseUrl}/widget/v1/convot.js"></script>`,
    );
    const widgetCalls: string[] = [];
    page.on('request', (request) => {
      const path = new URL(request.url()).pathname;
      if (request.method() === 'POST' && path.startsWith('/api/v1/widget/') && !path.endsWith('/heartbeat')) {
        widgetCalls.push(path.slice('/api/v1/widget/'.length));
      }
    });
    const messagePosted = page.waitForResponse((response) => response.url() === `${baseUrl}/api/v1/widget/messages`);

    try {
      await page.goto(`${host.origin}/cart`);
      expect(host.origin).not.toBe(baseUrl);
      expect((await messagePosted).status()).toBe(201);
      // The three queued `set`s became one identify, sent before the message.
      expect(widgetCalls).toEqual(['sessions', 'identify', 'messages']);

      const contacts = await agentApi<ContactList>(`/api/v1/contacts?q=${encodeURIComponent(email)}`, agentToken);
      expect(contacts.items).toHaveLength(1);
      expect(contacts.items[0]).toMatchObject({ email, name: 'Crispin Queue' });

      // The promise API works from the host page too, and errors carry the server's code.
      const result = await page.evaluate(async () => {
        const convot = (window as unknown as { Convot: { identify(payload: object): Promise<unknown> } }).Convot;
        const ok = await convot.identify({ company: 'Queue & Co' });
        const failure = await convot.identify({ unknown_field: 1 }).catch((error: { code: string; status: number }) => ({
          code: error.code,
          status: error.status,
        }));
        return { ok, failure };
      });
      expect(result).toEqual({ ok: { verified: false }, failure: { code: 'validation_failed', status: 422 } });

      // The browser logs the 422 provoked above; nothing else may appear.
      expect(errors.filter((error) => !error.includes('status of 422'))).toEqual([]);
    } finally {
      await page.close();
      await host.close();
    }
  });

  it('shows the server error for an unknown app key', async () => {
    const { page, errors } = await openPage(browser.context, baseUrl);
    await page.goto(`${baseUrl}/widget/demo/?app_id=app_doesnotexist`);
    await page.getByText('Widget v1 loaded for app_doesnotexist.').waitFor();

    await page.getByLabel('Email', { exact: true }).fill('nobody@example.com');
    await page.getByRole('button', { name: 'Identify', exact: true }).click();
    const result = page.locator('#identify-result[data-state="error"]');
    await result.waitFor();
    expect(await result.textContent()).toMatch(/^unknown_app \(HTTP 404\): /);

    expect(errors).toEqual([]);
    await page.close();
  });
});
