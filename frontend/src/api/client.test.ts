//! The API client: bearer token, ApiError parsing.
import { describe, expect, it } from 'vitest';
import { setSessionToken } from '@/lib/session';
import { apiError, mockApi } from '@/testing/mock-fetch';
import { ApiError } from './api-error';
import { api, unwrap } from './client';

describe('api client', () => {
  it('sends the stored token as a bearer token', async () => {
    const { requests } = mockApi({ 'GET /api/health': { body: { status: 'ok' } } });
    setSessionToken('abc');

    await expect(unwrap(api.GET('/api/health'))).resolves.toEqual({ status: 'ok' });
    expect(requests[0]?.headers.get('Authorization')).toBe('Bearer abc');
  });

  it('turns an error body into a typed ApiError', async () => {
    mockApi({
      'GET /api/v1/contacts': {
        status: 422,
        body: { error: { code: 'validation_failed', message: 'limit is too large', details: { limit: 'max 100' } } },
      },
    });

    const error = await unwrap(api.GET('/api/v1/contacts', { params: { query: { limit: 500 } } })).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 422,
      code: 'validation_failed',
      message: 'limit is too large',
      details: { limit: 'max 100' },
    });
  });

  it('still gives an ApiError for a non-JSON failure', async () => {
    mockApi({ 'GET /api/v1/me': { status: 502 } });

    await expect(unwrap(api.GET('/api/v1/me'))).rejects.toMatchObject({ status: 502, code: 'http_502' });
  });

  it('keeps the session on a failed sign-in', async () => {
    mockApi({ 'POST /api/v1/auth/login': apiError(401, 'invalid_credentials', 'Invalid email or password') });

    await expect(
      unwrap(api.POST('/api/v1/auth/login', { body: { email: 'a@b.c', password: 'x' } })),
    ).rejects.toMatchObject({ code: 'invalid_credentials', message: 'Invalid email or password' });
  });
});
