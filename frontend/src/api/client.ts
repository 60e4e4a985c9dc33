//! The typed API client: generated paths, the session's bearer token, ApiError on failure, sign-out on 401.
import createClient, { type Middleware } from 'openapi-fetch';
import { clearSessionToken, getSessionToken } from '@/lib/session';
import { networkError, toApiError } from './api-error';
import type { paths } from './schema';

const authMiddleware: Middleware = {
  onRequest({ request }) {
    const token = getSessionToken();
    if (token) request.headers.set('Authorization', `Bearer ${token}`);
    return request;
  },
  onResponse({ request, response }) {
    // Only the token that was actually rejected ends the session: a late 401 for a previous
    // user's request must not sign out whoever has logged in since.
    const sent = request.headers.get('Authorization');
    const token = getSessionToken();
    if (response.status === 401 && token && sent === `Bearer ${token}`) clearSessionToken();
    return response;
  },
};

export const api = createClient<paths>({
  baseUrl: typeof window === 'undefined' ? '' : window.location.origin,
  // Resolve fetch on every call so tests (and polyfills) can replace it after import.
  fetch: (request) => globalThis.fetch(request),
});
api.use(authMiddleware);

type Fetched<D> = { data?: D; error?: unknown; response: Response };

/** Awaits an openapi-fetch call and returns its data, or throws an ApiError. */
export async function unwrap<D>(pending: Promise<Fetched<D>>): Promise<D> {
  let result: Fetched<D>;
  try {
    result = await pending;
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw networkError(cause);
  }
  const { data, error, response } = result;
  if (!response.ok || error !== undefined) throw toApiError(response.status, error);
  return data as D;
}
