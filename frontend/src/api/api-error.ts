//! The one error type every API call rejects with, parsed from `{"error": {code, message, details}}`.
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: Record<string, unknown>;

  constructor(status: number, code: string, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

export const NETWORK_ERROR_CODE = 'network_error';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fallbackMessage(status: number): string {
  if (status === 401) return 'Your session has ended. Please sign in again.';
  if (status === 403) return 'You do not have access to this.';
  if (status === 404) return 'Not found.';
  if (status === 429) return 'Too many requests. Please wait a moment and try again.';
  if (status >= 500) return 'The server had a problem. Please try again.';
  return `Request failed (HTTP ${status}).`;
}

/** Builds an ApiError from a response status and its (possibly non-JSON) body. */
export function toApiError(status: number, body: unknown): ApiError {
  const error = isRecord(body) ? body.error : undefined;
  if (isRecord(error) && typeof error.code === 'string') {
    const message =
      typeof error.message === 'string' && error.message !== '' ? error.message : fallbackMessage(status);
    const details = isRecord(error.details) ? error.details : {};
    return new ApiError(status, error.code, message, details);
  }
  return new ApiError(status, `http_${status}`, fallbackMessage(status));
}

export function networkError(cause: unknown): ApiError {
  const error = new ApiError(
    0,
    NETWORK_ERROR_CODE,
    'Could not reach the server. Check your connection and try again.',
  );
  error.cause = cause;
  return error;
}

export function isApiError(value: unknown, status?: number): value is ApiError {
  return value instanceof ApiError && (status === undefined || value.status === status);
}
