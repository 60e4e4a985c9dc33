//! The route guard: redirects, return-to after sign-in, sign-out on 401.
import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { getSessionToken } from '@/lib/session';
import { contactSummary, demoApps, demoMe, loginResponse } from '@/testing/fixtures';
import { apiError, mockApi } from '@/testing/mock-fetch';
import { renderApp } from '@/testing/render-app';

describe('route guard', () => {
  it('redirects a signed-out visitor to /login without calling the API', async () => {
    const { fetchMock } = mockApi({});
    const { router } = renderApp('/contacts', { token: null });

    expect(await screen.findByRole('heading', { name: 'Sign in to your inbox' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/login');
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('returns to the page the visitor asked for after signing in', async () => {
    mockApi({
      'POST /api/v1/auth/login': { body: loginResponse('jwt-1') },
      'GET /api/v1/me': { body: demoMe },
      'GET /api/v1/contacts': { body: { items: [contactSummary(1, 'Ada Lovelace')], next_cursor: null } },
    });
    const { user, router } = renderApp('/contacts?q=ada', { token: null });

    await user.type(await screen.findByLabelText('Email'), 'demo@convot.test');
    await user.type(screen.getByLabelText('Password'), 'convot-demo');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('link', { name: 'Ada Lovelace' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/contacts');
    expect(router.state.location.search).toBe('?q=ada');
  });

  it('signs the user out when the API rejects the stored token', async () => {
    mockApi({ 'GET /api/v1/me': apiError(401, 'unauthenticated', 'Session expired') });
    const { router } = renderApp('/', { token: 'expired' });

    expect(await screen.findByRole('heading', { name: 'Sign in to your inbox' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/login');
    expect(getSessionToken()).toBeNull();
  });

  it('sends a signed-in user away from /login to the inbox', async () => {
    mockApi({
      'GET /api/v1/me': { body: demoMe },
      'GET /api/v1/apps': { body: { items: demoApps, next_cursor: null } },
    });
    const { router } = renderApp('/login');

    expect(await screen.findByText('Acme Apps')).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/');
  });
});
