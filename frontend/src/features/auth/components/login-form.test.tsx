//! The login form against a mocked API: server errors inline, throttling, offline, success.
import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { getSessionToken } from '@/lib/session';
import { demoApps, demoMe, loginResponse } from '@/testing/fixtures';
import { apiError, mockApi } from '@/testing/mock-fetch';
import { renderApp } from '@/testing/render-app';

async function submitLogin(user: ReturnType<typeof renderApp>['user'], email: string, password: string) {
  await user.type(screen.getByLabelText('Email'), email);
  await user.type(screen.getByLabelText('Password'), password);
  await user.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('login form', () => {
  it('shows the server error message inline when the credentials are wrong', async () => {
    const { requests } = mockApi({
      'POST /api/v1/auth/login': apiError(401, 'invalid_credentials', 'Invalid email or password'),
    });
    const { user } = renderApp('/login', { token: null });

    await submitLogin(user, 'demo@convot.test', 'nope');

    expect(await screen.findByRole('alert')).toHaveTextContent('Invalid email or password');
    expect(screen.getByLabelText('Password')).toHaveAttribute('aria-invalid', 'true');
    expect(requests[0]?.body).toEqual({ email: 'demo@convot.test', password: 'nope' });
    expect(getSessionToken()).toBeNull();
  });

  it('shows the throttling message when the server rate limits sign-in', async () => {
    mockApi({
      'POST /api/v1/auth/login': apiError(429, 'rate_limited', 'Too many attempts, try again in a minute'),
    });
    const { user } = renderApp('/login', { token: null });

    await submitLogin(user, 'demo@convot.test', 'guess');

    expect(await screen.findByRole('alert')).toHaveTextContent('Too many attempts, try again in a minute');
  });

  it('says so when the server cannot be reached', async () => {
    mockApi({
      'POST /api/v1/auth/login': () => {
        throw new TypeError('fetch failed');
      },
    });
    const { user } = renderApp('/login', { token: null });

    await submitLogin(user, 'demo@convot.test', 'convot-demo');

    expect(await screen.findByRole('alert')).toHaveTextContent('Could not reach the server');
  });

  it('stores the token and opens the inbox after a successful sign-in', async () => {
    const { requests } = mockApi({
      'POST /api/v1/auth/login': { body: loginResponse('jwt-123') },
      'GET /api/v1/me': { body: demoMe },
      'GET /api/v1/apps': { body: { items: demoApps, next_cursor: null } },
    });
    const { user, router } = renderApp('/login', { token: null });

    await submitLogin(user, 'demo@convot.test', 'convot-demo');

    expect(await screen.findByText('Acme Apps')).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/');
    expect(getSessionToken()).toBe('jwt-123');
    const me = requests.find((r) => r.url.pathname === '/api/v1/me');
    expect(me?.headers.get('Authorization')).toBe('Bearer jwt-123');
  });
});
