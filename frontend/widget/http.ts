//! The one network boundary: JSON POSTs to the widget API, errors as `ConvotError`.

/** Every failure the widget reports: the server's `{"error": {code, message, details}}`, or a
 * client-side code (`network_error`, `invalid_response`, `invalid_argument`, `missing_app_id`). */
export class ConvotError extends Error {
  readonly code: string;
  /** HTTP status; 0 when the server was never reached or the call was refused locally. */
  readonly status: number;
  readonly details: Record<string, unknown>;
  /** Seconds from `Retry-After` on a 429, when the browser may read it. */
  readonly retryAfter: number | undefined;

  constructor(code: string, message: string, status = 0, details: Record<string, unknown> = {}, retryAfter?: number) {
    super(message);
    this.name = 'ConvotError';
    this.code = code;
    this.status = status;
    this.details = details;
    this.retryAfter = retryAfter;
  }
}

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  return text ? JSON.parse(text) : undefined;
}

function errorFrom(response: Response, body: unknown): ConvotError {
  const retryHeader = response.headers.get('Retry-After');
  const retryAfter = retryHeader !== null && /^\d+$/.test(retryHeader) ? Number(retryHeader) : undefined;
  const error = isRecord(body) && isRecord(body.error) ? body.error : undefined;
  if (error && typeof error.code === 'string') {
    const message = typeof error.message === 'string' ? error.message : error.code;
    const details = isRecord(error.details) ? error.details : {};
    return new ConvotError(error.code, message, response.status, details, retryAfter);
  }
  return new ConvotError('http_error', `Convot answered HTTP ${response.status}`, response.status, {}, retryAfter);
}

/** POSTs `body` as JSON; resolves with the parsed answer (`undefined` for 204), rejects with `ConvotError`. */
export async function postJson<T>(fetchFn: FetchLike, url: string, body: unknown, token?: string): Promise<T> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  let response: Response;
  try {
    response = await fetchFn(url, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
      mode: 'cors',
      credentials: 'omit',
    });
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new ConvotError('network_error', `Could not reach Convot: ${reason}`);
  }
  let parsed: unknown;
  try {
    parsed = await readJson(response);
  } catch {
    if (response.ok) throw new ConvotError('invalid_response', 'Convot sent a response that is not JSON', response.status);
    parsed = undefined;
  }
  if (!response.ok) throw errorFrom(response, parsed);
  return parsed as T;
}
