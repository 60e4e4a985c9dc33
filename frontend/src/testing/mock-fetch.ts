//! Replaces global fetch with a tiny route table: the only mock unit tests use (the network boundary).
import { vi } from 'vitest';

export type MockReply = { status?: number; body?: unknown };
export type MockRequest = { method: string; url: URL; headers: Headers; body: unknown };
type Handler = MockReply | ((request: MockRequest) => MockReply | Promise<MockReply>);

/** Routes are keyed "METHOD /path" (no query string); handlers see the full URL. */
export function mockApi(routes: Record<string, Handler>) {
  const requests: MockRequest[] = [];

  const fetchMock = vi.fn<typeof fetch>(async (input, init) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const url = new URL(request.url);
    const text = await request.text();
    const seen: MockRequest = {
      method: request.method,
      url,
      headers: request.headers,
      body: text ? parseBody(text) : undefined,
    };
    requests.push(seen);

    // The live stream is off unless a test mocks it: 204 tells the client not to reconnect.
    const handler = routes[`${request.method} ${url.pathname}`] ?? (url.pathname === '/api/v1/stream' ? { status: 204 } : undefined);
    const reply: MockReply = !handler
      ? {
          status: 501,
          body: { error: { code: 'unmocked', message: `No mock for ${request.method} ${url.pathname}`, details: {} } },
        }
      : typeof handler === 'function'
        ? await handler(seen)
        : handler;
    const status = reply.status ?? 200;
    return new Response(reply.body === undefined ? null : JSON.stringify(reply.body), {
      status,
      headers: { 'Content-Type': 'application/json' },
    });
  });

  vi.stubGlobal('fetch', fetchMock);
  return { requests, fetchMock };
}

/** JSON bodies as values; others (a CSV upload) as their text. */
function parseBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function apiError(status: number, code: string, message: string): MockReply {
  return { status, body: { error: { code, message, details: {} } } };
}
