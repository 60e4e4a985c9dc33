//! Browser: Settings → Webhooks. The owner adds an endpoint pointing at a loopback receiver this
//! test runs, sees its `whsec_…` secret, presses "Send test", and watches the delivery succeed in
//! the log; the receiver got a POST signed the Standard Webhooks way with that secret. Agents get a
//! plain message instead of the page. (The e2e server runs with CONVOT_WEBHOOKS_ALLOW_PRIVATE=1.)
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, type BrowserSession } from './browser';
import { paintedTexts } from './color-audit';
import { contrast } from './colors';
import { openPage, screenshot, signIn } from './support';

const baseUrl = inject('baseUrl');
const DEMO_AGENT = { email: 'agent@convot.test', password: 'convot-demo' };
/** The worker sends within a second or so; the machine may be busy, so allow well past that. */
const DELIVERY_DEADLINE_MS = 20_000;

type Received = { method: string; url: string; headers: IncomingHttpHeaders; body: string };

/** A webhook receiver on 127.0.0.1 that answers 200 and remembers every request. */
async function startReceiver(): Promise<{ url: string; received: Received[]; close: () => Promise<void> }> {
  const received: Received[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      received.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body });
      response.writeHead(200, { 'Content-Type': 'text/plain' });
      response.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/convot`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('webhooks settings', () => {
  let browser: BrowserSession;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  beforeAll(async () => {
    receiver = await startReceiver();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await receiver?.close();
  });

  it('adds an endpoint, shows its secret, sends a test and shows it delivered; the receiver got it signed', async () => {
    const { page, errors } = await openPage(browser.context, baseUrl);
    await signIn(page, baseUrl);
    await page.getByRole('banner').getByRole('link', { name: 'Webhooks' }).click();
    await page.waitForURL(/\/settings\/webhooks\/\d+$/);
    const main = page.getByRole('main', { name: 'Webhooks' });
    await main.getByRole('navigation', { name: 'Apps' }).getByRole('link', { name: 'Product Reviews' }).waitFor();

    await main.getByRole('button', { name: 'Add endpoint' }).click();
    const form = main.getByRole('form', { name: 'New endpoint' });
    await form.getByLabel('Endpoint URL').fill(receiver.url);
    await form.getByLabel('Description').fill('e2e loopback receiver');
    await form.getByRole('checkbox', { name: 'message.received' }).check();
    await form.getByRole('button', { name: 'Add endpoint' }).click();

    const endpoint = main.getByRole('region', { name: receiver.url });
    await endpoint.getByText('Enabled', { exact: true }).waitFor();
    const secretText = endpoint.getByRole('group', { name: 'Signing secret' }).locator('code');
    await secretText.waitFor();
    const secret = (await secretText.textContent()) ?? '';
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);

    await endpoint.getByRole('button', { name: 'Send test' }).click();
    await endpoint.getByText('Test sent', { exact: true }).waitFor();
    const log = endpoint.getByRole('region', { name: 'Delivery log' });
    const delivery = log.getByRole('listitem', { name: /^message\.received / });
    // The log polls by itself while the message is due: wait (with a deadline) for it to settle.
    await delivery.getByText('Succeeded', { exact: true }).waitFor({ timeout: DELIVERY_DEADLINE_MS });
    const attempt = delivery.getByRole('table', { name: 'Attempts' }).getByRole('row').nth(1);
    await attempt.getByText('200', { exact: true }).waitFor();
    expect(await attempt.textContent()).toMatch(/\d+ ms/);
    await delivery.getByRole('button', { name: 'Retry now' }).waitFor();
    await screenshot(page, 'webhooks-settings');

    // The receiver got one POST with the Standard Webhooks headers, signed with the secret shown.
    await expect.poll(() => receiver.received.length, { timeout: DELIVERY_DEADLINE_MS }).toBeGreaterThanOrEqual(1);
    const [request] = receiver.received;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('/hooks/convot');
    const headers = request?.headers ?? {};
    expect(headers['webhook-id']).toEqual(expect.any(String));
    expect(headers['webhook-timestamp']).toMatch(/^\d+$/);
    expect(headers['webhook-signature']).toMatch(/^v1,/);
    const verified = new Webhook(secret).verify(request?.body ?? '', {
      'webhook-id': String(headers['webhook-id']),
      'webhook-timestamp': String(headers['webhook-timestamp']),
      'webhook-signature': String(headers['webhook-signature']),
    }) as { type: string; data: { content: string } };
    expect(verified.type).toBe('message.received');
    expect(verified.data.content).toBe('This is a test message from Convot.');
    // The log names the message by the same id the receiver saw.
    expect(await delivery.getAttribute('aria-label')).toBe(`message.received ${String(headers['webhook-id'])}`);

    // Every text of the page stays readable in both colour themes, the status colours included.
    // Buttons fade their background when the theme switches, so read until the fade is over.
    const faintTexts = async () =>
      (await paintedTexts(main))
        .map((text) => ({ ...text, ratio: Number(contrast(text.color, text.background).toFixed(2)) }))
        .filter((text) => text.ratio < 3);
    for (const scheme of ['dark', 'light'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await expect.poll(faintTexts, { message: `${scheme} theme` }).toEqual([]);
    }

    await endpoint.getByRole('button', { name: 'Delete' }).click();
    await endpoint.getByRole('group', { name: 'Confirm delete' }).getByRole('button', { name: 'Yes, delete' }).click();
    await main.getByRole('region', { name: receiver.url }).waitFor({ state: 'detached' });

    expect(errors).toEqual([]);
    await page.close();
  });

  it('offers agents no webhooks link, and tells them owners and admins manage webhooks', async () => {
    const { page, errors } = await openPage(browser.context, baseUrl);
    await signIn(page, baseUrl, DEMO_AGENT);
    const nav = page.getByRole('banner').getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Contacts' }).waitFor();
    expect(await nav.getByRole('link', { name: 'Webhooks' }).count()).toBe(0);

    await page.goto(`${baseUrl}/settings/webhooks`);
    await page.getByText(/Only owners and admins manage webhooks\./).waitFor();
    expect(await page.getByRole('button', { name: 'Add endpoint' }).count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });
});
