import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sessionStorageKey } from './convot';
import { ConvotError } from './http';
import { apiBaseUrl, engineOf, install } from './install';
import type { Command, ConvotApi, ConvotConfig } from './types';

const SCRIPT_SRC = 'https://convot.example.com/widget/v1/convot.js';
const APP = 'app_0123456789ab';
const TOKEN_KEY = sessionStorageKey(APP);
const ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;

type Seen = { url: string; path: string; token: string | null; body: any };
type Reply = { status: number; body?: unknown; headers?: Record<string, string> };
type Route = (request: Seen) => Reply | Error | Promise<Reply | Error> | undefined;

/** The network boundary: a stubbed global `fetch` answering like the widget API. */
function fakeServer(route: Route = () => undefined) {
  const requests: Seen[] = [];
  let sessions = 0;
  const fetchMock = vi.fn<typeof fetch>(async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const authorization = new Headers(init?.headers).get('Authorization');
    const seen: Seen = {
      url: url.href,
      path: url.pathname.replace('/api/v1/widget/', ''),
      token: authorization ? authorization.replace(/^Bearer /, '') : null,
      body: init?.body ? JSON.parse(String(init.body)) : undefined,
    };
    requests.push(seen);
    const reply =
      (await route(seen)) ??
      (seen.path === 'sessions'
        ? { status: 201, body: { session_token: `ws_new${++sessions}` } }
        : seen.path === 'identify'
          ? { status: 200, body: { verified: false } }
          : seen.path === 'messages'
            ? { status: 201, body: { conversation_id: '7d9f0c4e-0000-4000-8000-000000000001', message_id: 1 } }
            : { status: 204 });
    if (reply instanceof Error) throw reply;
    return new Response(reply.body === undefined ? null : JSON.stringify(reply.body), {
      status: reply.status,
      headers: { 'Content-Type': 'application/json', ...reply.headers },
    });
  });
  vi.stubGlobal('fetch', fetchMock);
  return {
    requests,
    paths: () => requests.map((request) => request.path),
    of: (path: string) => requests.filter((request) => request.path === path),
  };
}

function apiError(status: number, code: string, details: Record<string, unknown> = {}, headers?: Record<string, string>): Reply {
  return { status, body: { error: { code, message: `${code} message`, details } }, headers };
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => (resolve = done));
  return { promise, resolve };
}

let installed: ConvotApi[] = [];
function boot(config: ConvotConfig = { app_id: APP }) {
  window.Convot = config;
  const api = install(window, { scriptSrc: SCRIPT_SRC });
  installed.push(api);
  return api;
}

/** Lets fake-timer tests finish the requests already under way. */
async function settle() {
  for (let i = 0; i < 5; i++) await vi.advanceTimersByTimeAsync(0);
}

let visibility: DocumentVisibilityState = 'visible';
beforeEach(() => {
  visibility = 'visible';
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => visibility });
});

afterEach(() => {
  for (const api of installed) engineOf(api)?.destroy();
  installed = [];
  delete window.Convot;
  delete (document as { visibilityState?: unknown }).visibilityState;
  vi.useRealTimers();
});

describe('loading and queueing', () => {
  it('runs the pre-load queue and early calls in order, only once the session exists', async () => {
    const session = deferred<Reply>();
    const server = fakeServer((request) => (request.path === 'sessions' ? session.promise : undefined));
    const q: Command[] = [
      ['set', 'user:email', ['ada@example.com']],
      ['set', 'user:nickname', ['Ada Lovelace']],
      ['set', 'session:data', [[['plan', 'pro'], ['seats', 3]]]],
      ['do', 'message:send', ['Hello from the queue']],
    ];
    const api = boot({ app_id: APP, q });
    const identified = api.identify({ external_id: 'u-42', time_zone: 'Europe/London' });
    const sent = api.message('Second message');

    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(server.paths()).toEqual(['sessions']); // everything waits for the session

    session.resolve({ status: 201, body: { session_token: 'ws_first' } });
    await expect(identified).resolves.toEqual({ verified: false });
    await expect(sent).resolves.toMatchObject({ message_id: 1 });

    const calls = server.requests.filter((request) => request.path !== 'heartbeat');
    expect(calls.map((request) => [request.path, request.body])).toEqual([
      ['sessions', { app_id: APP }],
      // the three `set`s became one identify, with the browser's time zone
      ['identify', { email: 'ada@example.com', name: 'Ada Lovelace', custom_data: { plan: 'pro', seats: 3 }, time_zone: ZONE }],
      ['messages', { content: 'Hello from the queue' }],
      ['identify', { external_id: 'u-42', time_zone: 'Europe/London' }],
      ['messages', { content: 'Second message' }],
    ]);
    expect(calls.slice(1).every((request) => request.token === 'ws_first')).toBe(true);
    expect(calls[0]?.url).toBe('https://convot.example.com/api/v1/widget/sessions');
    expect(window.localStorage.getItem(TOKEN_KEY)).toBe('ws_first');
    expect(window.Convot).toBe(api);
    expect(api.app_id).toBe(APP);
  });

  it('runs commands pushed onto the original queue array after load', async () => {
    const server = fakeServer();
    const q: Command[] = [];
    const api = boot({ app_id: APP, q });
    q.push(['do', 'message:send', ['via the old array']]);
    api.push(['identify', { email: 'ada@example.com' }]);

    await vi.waitFor(() => expect(server.of('identify')).toHaveLength(1));
    expect(server.of('messages').map((request) => request.body)).toEqual([{ content: 'via the old array' }]);
    expect(server.of('identify')[0]?.body).toEqual({ email: 'ada@example.com', time_zone: ZONE });
  });

  it('reuses the stored session token instead of creating a session', async () => {
    window.localStorage.setItem(TOKEN_KEY, 'ws_stored');
    const server = fakeServer();
    const api = boot();
    await api.identify({ email: 'ada@example.com' });
    expect(server.of('sessions')).toHaveLength(0);
    expect(server.of('identify')[0]?.token).toBe('ws_stored');
  });

  it('does not install twice when the script is loaded twice', () => {
    fakeServer();
    const first = boot();
    expect(install(window, { scriptSrc: SCRIPT_SRC })).toBe(first);
  });

  it('never throws from push, and warns about commands it cannot run', async () => {
    fakeServer();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const api = boot();
    expect(() => api.push(['do', 'chat:open'] as Command, 'nonsense' as unknown as Command)).not.toThrow();
    expect(warn).toHaveBeenCalledTimes(2);
  });
});

describe('errors and the 401 path', () => {
  it('drops a rejected token, creates a new session and retries the call once', async () => {
    window.localStorage.setItem(TOKEN_KEY, 'ws_expired');
    const server = fakeServer((request) => (request.token === 'ws_expired' ? apiError(401, 'unauthenticated') : undefined));
    const api = boot();

    await expect(api.identify({ email: 'ada@example.com' })).resolves.toEqual({ verified: false });

    const identifies = server.of('identify');
    expect(identifies.map((request) => request.token)).toEqual(['ws_expired', 'ws_new1']);
    expect(identifies[1]?.body).toEqual(identifies[0]?.body);
    expect(server.of('sessions')).toHaveLength(1); // the heartbeat's 401 shared the new session
    expect(window.localStorage.getItem(TOKEN_KEY)).toBe('ws_new1');
  });

  it('gives up after one retry and rejects with the server code and status', async () => {
    const server = fakeServer((request) => (request.path === 'messages' ? apiError(401, 'unauthenticated') : undefined));
    const api = boot();

    const error = await api.message('hi').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConvotError);
    expect(error).toMatchObject({ code: 'unauthenticated', status: 401 });
    expect(server.of('messages')).toHaveLength(2);
  });

  it("rejects with the server's code, status and details", async () => {
    fakeServer((request) => {
      if (request.path !== 'identify') return undefined;
      if (request.body.email === 'bad') return apiError(422, 'validation_failed', { fields: { email: 'is not an email' } });
      if (request.body.email === 'busy@example.com') return apiError(429, 'rate_limited', {}, { 'Retry-After': '12' });
      return apiError(403, 'identity_verification_required');
    });
    const api = boot();

    await expect(api.identify({ email: 'bad' })).rejects.toMatchObject({
      code: 'validation_failed',
      status: 422,
      message: 'validation_failed message',
      details: { fields: { email: 'is not an email' } },
    });
    await expect(api.identify({ email: 'busy@example.com' })).rejects.toMatchObject({ code: 'rate_limited', status: 429, retryAfter: 12 });
    await expect(api.identify({ email: 'ada@example.com' })).rejects.toMatchObject({ code: 'identity_verification_required', status: 403 });
    // a failed call does not block the queue
    await expect(api.message('still works')).resolves.toMatchObject({ message_id: 1 });
  });

  it('turns a network failure into network_error', async () => {
    vi.spyOn(console, 'debug').mockImplementation(() => {});
    fakeServer((request) => (request.path === 'messages' ? new TypeError('Failed to fetch') : undefined));
    const api = boot();
    await expect(api.message('hi')).rejects.toMatchObject({ code: 'network_error', status: 0 });
  });

  it('stops for good on an unknown app', async () => {
    vi.spyOn(console, 'debug').mockImplementation(() => {});
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const server = fakeServer((request) => (request.path === 'sessions' ? apiError(404, 'unknown_app') : undefined));
    const api = boot({ app_id: 'app_nope' });

    await expect(api.identify({ email: 'ada@example.com' })).rejects.toMatchObject({ code: 'unknown_app', status: 404 });
    await expect(api.message('hi')).rejects.toMatchObject({ code: 'unknown_app' });
    expect(server.paths()).toEqual(['sessions']);
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it('refuses calls without an app_id, without touching the network', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const server = fakeServer();
    const api = boot({});
    await expect(api.identify({ email: 'ada@example.com' })).rejects.toMatchObject({ code: 'missing_app_id' });
    expect(server.requests).toHaveLength(0);
  });
});

describe('heartbeats', () => {

  it('beats right after the session is ready, then every 30 s, reporting visibility and activity', async () => {
    vi.useFakeTimers();
    const server = fakeServer();
    boot();
    await settle();
    expect(server.paths()).toEqual(['sessions', 'heartbeat']);
    expect(server.of('heartbeat')[0]).toMatchObject({ token: 'ws_new1', body: { visible: true, active: false } });

    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'a' }));
    await vi.advanceTimersByTimeAsync(29_999);
    expect(server.of('heartbeat')).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await settle();
    expect(server.of('heartbeat')[1]?.body).toEqual({ visible: true, active: true });

    // no activity since the last beat, and the tab goes to the background
    visibility = 'hidden';
    document.dispatchEvent(new Event('visibilitychange'));
    await vi.advanceTimersByTimeAsync(30_000);
    await settle();
    expect(server.of('heartbeat')[2]?.body).toEqual({ visible: false, active: false });

    // scrolling inside any element counts as activity
    document.body.dispatchEvent(new Event('scroll'));
    visibility = 'visible';
    document.dispatchEvent(new Event('visibilitychange'));
    await settle();
    expect(server.of('heartbeat')).toHaveLength(4); // at once, not at the next tick
    expect(server.of('heartbeat')[3]?.body).toEqual({ visible: true, active: true });
  });

  it('swallows heartbeat failures and logs them at debug level only', async () => {
    vi.useFakeTimers();
    const debug = vi.spyOn(console, 'debug').mockImplementation(() => {});
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const server = fakeServer((request) => (request.path === 'heartbeat' ? new TypeError('Failed to fetch') : undefined));
    boot();
    await settle();
    await vi.advanceTimersByTimeAsync(30_000);
    await settle();

    expect(server.of('heartbeat')).toHaveLength(2);
    expect(debug).toHaveBeenCalledTimes(2);
    expect(warn).not.toHaveBeenCalled();
    expect(error).not.toHaveBeenCalled();
  });

  it('recovers from a failed session creation at the next beat', async () => {
    vi.useFakeTimers();
    vi.spyOn(console, 'debug').mockImplementation(() => {});
    let down = true;
    const server = fakeServer((request) => (down && request.path === 'sessions' ? new TypeError('Failed to fetch') : undefined));
    boot();
    await settle();
    expect(server.paths()).toEqual(['sessions']);
    down = false;
    await vi.advanceTimersByTimeAsync(30_000);
    await settle();
    expect(server.paths()).toEqual(['sessions', 'sessions', 'heartbeat']);
  });
});

describe('apiBaseUrl', () => {
  it("is the script's own server, whatever the host page", () => {
    expect(apiBaseUrl(SCRIPT_SRC, 'https://shop.example.org/cart')).toBe('https://convot.example.com/');
    expect(apiBaseUrl('https://example.com/support/widget/v1/convot.js?v=2', 'https://shop.example.org/')).toBe(
      'https://example.com/support/',
    );
    expect(apiBaseUrl('/widget/v1/convot.js', 'http://127.0.0.1:8080/widget/demo/')).toBe('http://127.0.0.1:8080/');
    expect(apiBaseUrl(null, 'http://127.0.0.1:8080/widget/demo/')).toBe('http://127.0.0.1:8080/');
  });
});
