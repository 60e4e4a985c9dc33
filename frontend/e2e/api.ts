//! Calls the server's REST API from the test process (not the browser), to set up and check data.
import { DEMO_OWNER } from './support';

export type ApiReply<T> = { status: number; body: T };

export async function callApi<T = unknown>(
  baseUrl: string,
  method: string,
  path: string,
  { token, body }: { token?: string | null; body?: unknown } = {},
): Promise<ApiReply<T>> {
  const headers: Record<string, string> = {};
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
}

/** Like callApi, but any non-2xx answer fails the test with the server's body. */
export async function api<T = unknown>(
  baseUrl: string,
  method: string,
  path: string,
  options: { token?: string | null; body?: unknown } = {},
): Promise<T> {
  const reply = await callApi<T>(baseUrl, method, path, options);
  if (reply.status < 200 || reply.status >= 300) {
    throw new Error(`${method} ${path} → ${reply.status}: ${JSON.stringify(reply.body)}`);
  }
  return reply.body;
}

export async function loginToken(baseUrl: string, account = DEMO_OWNER): Promise<string> {
  const { token } = await api<{ token: string }>(baseUrl, 'POST', '/api/v1/auth/login', { body: account });
  return token;
}

/** A widget visitor: a session in the app with `publicKey`, identified with `profile`, who wrote `content`. */
export async function widgetVisitor(
  baseUrl: string,
  publicKey: string,
  profile: Record<string, unknown>,
  content: string,
): Promise<{ session: string; conversationId: string }> {
  const { session_token: session } = await api<{ session_token: string }>(baseUrl, 'POST', '/api/v1/widget/sessions', {
    body: { app_id: publicKey },
  });
  await api(baseUrl, 'POST', '/api/v1/widget/identify', { token: session, body: profile });
  const posted = await api<{ conversation_id: string }>(baseUrl, 'POST', '/api/v1/widget/messages', {
    token: session,
    body: { content },
  });
  return { session, conversationId: posted.conversation_id };
}
