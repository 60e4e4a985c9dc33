//! The inbox shell: top bar, app picker, empty columns, logout.
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { getSessionToken } from '@/lib/session';
import { demoApps, demoMe } from '@/testing/fixtures';
import { mockApi } from '@/testing/mock-fetch';
import { renderApp } from '@/testing/render-app';

describe('inbox shell', () => {
  it('shows the organization, the user, the apps and the empty columns', async () => {
    mockApi({
      'GET /api/v1/me': { body: demoMe },
      'GET /api/v1/apps': { body: { items: demoApps, next_cursor: null } },
    });
    renderApp('/');

    const banner = await screen.findByRole('banner');
    expect(within(banner).getByText('Acme Apps')).toBeInTheDocument();
    expect(within(banner).getByText('Dana Demo')).toBeInTheDocument();
    expect(within(banner).getByText('Owner')).toBeInTheDocument();
    expect(within(banner).getByRole('link', { name: 'Contacts' })).toHaveAttribute('href', '/contacts');

    const picker = screen.getByRole('navigation', { name: 'Apps' });
    expect(await within(picker).findByRole('button', { name: 'Product Reviews' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    expect(within(picker).getByRole('button', { name: 'Upsell Pro' })).toHaveAttribute('aria-pressed', 'false');

    expect(screen.getByText('No conversations yet')).toBeInTheDocument();
    expect(screen.getByText('Select a conversation')).toBeInTheDocument();
  });

  it('remembers the picked app in the URL', async () => {
    mockApi({
      'GET /api/v1/me': { body: demoMe },
      'GET /api/v1/apps': { body: { items: demoApps, next_cursor: null } },
    });
    const { user, router } = renderApp('/');

    await user.click(await screen.findByRole('button', { name: 'Upsell Pro' }));

    expect(screen.getByRole('button', { name: 'Upsell Pro' })).toHaveAttribute('aria-pressed', 'true');
    expect(router.state.location.search).toBe('?app=2');
  });

  it('logs out from the top bar', async () => {
    mockApi({
      'GET /api/v1/me': { body: demoMe },
      'GET /api/v1/apps': { body: { items: demoApps, next_cursor: null } },
    });
    const { user, router, queryClient } = renderApp('/');

    await user.click(await screen.findByRole('button', { name: 'Log out' }));

    expect(await screen.findByRole('heading', { name: 'Sign in to your inbox' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/login');
    expect(getSessionToken()).toBeNull();
    expect(queryClient.getQueryData(['me'])).toBeUndefined();
  });
});
