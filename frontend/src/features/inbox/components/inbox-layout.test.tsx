//! The inbox: top bar, app picker, conversation list and status filter, the thread and the sidebar, logout.
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { getSessionToken } from '@/lib/session';
import {
  conversation,
  demoApps,
  demoMe,
  message,
  OLIVIA_CONVERSATION_ID,
  sidebar,
} from '@/testing/fixtures';
import { mockApi } from '@/testing/mock-fetch';
import { renderApp } from '@/testing/render-app';

describe('inbox shell', () => {
  it('shows the organization, the user, the apps and the empty columns', async () => {
    mockApi({
      'GET /api/v1/me': { body: demoMe },
      'GET /api/v1/apps': { body: { items: demoApps, next_cursor: null } },
      'GET /api/v1/conversations': { body: { items: [], next_cursor: null } },
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

    expect(await screen.findByText('No open conversations')).toBeInTheDocument();
    expect(screen.getByText('Select a conversation')).toBeInTheDocument();
  });

  it('shows a row’s picture only when the server vouches for it', async () => {
    const trusted = 'https://images.example.com/olivia.png';
    const untrusted = 'https://tracker.example.net/pixel.png';
    mockApi({
      'GET /api/v1/me': { body: demoMe },
      'GET /api/v1/apps': { body: { items: demoApps, next_cursor: null } },
      'GET /api/v1/conversations': {
        body: {
          items: [
            conversation('c-trusted', {
              contact: { id: 1, display_name: 'Olivia Bennett', initials: 'OB', avatar_url: trusted, avatar_trusted: true, presence: 'online' },
            }),
            conversation('c-untrusted', {
              contact: { id: 2, display_name: 'Mallory Visitor', initials: 'MV', avatar_url: untrusted, avatar_trusted: false, presence: 'online' },
            }),
          ],
          next_cursor: null,
        },
      },
    });
    renderApp('/');

    await screen.findByText('Mallory Visitor');
    expect(document.querySelector('[data-conversation-id="c-trusted"] img')).toHaveAttribute('src', trusted);
    const row = document.querySelector<HTMLElement>('[data-conversation-id="c-untrusted"]')!;
    expect(row.querySelector('img')).toBeNull();
    expect(document.querySelector(`[src="${untrusted}"]`)).toBeNull();
    expect(within(row).getByText('MV')).toHaveClass('avatar');
  });

  it('remembers the picked app in the URL', async () => {
    mockApi({
      'GET /api/v1/me': { body: demoMe },
      'GET /api/v1/apps': { body: { items: demoApps, next_cursor: null } },
      'GET /api/v1/conversations': { body: { items: [], next_cursor: null } },
    });
    const { user, router } = renderApp('/');

    await user.click(await screen.findByRole('button', { name: 'Upsell Pro' }));

    expect(screen.getByRole('button', { name: 'Upsell Pro' })).toHaveAttribute('aria-pressed', 'true');
    expect(router.state.location.search).toBe('?app=2');
  });

  it('filters by status, opens a conversation into the URL, and shows its thread and sidebar', async () => {
    const { requests } = mockApi({
      'GET /api/v1/me': { body: demoMe },
      'GET /api/v1/apps': { body: { items: demoApps, next_cursor: null } },
      'GET /api/v1/conversations': ({ url }) => ({
        body: {
          items:
            url.searchParams.get('status') === 'resolved'
              ? [conversation('c-resolved', { status: 'resolved', title: 'Old question' })]
              : [conversation(OLIVIA_CONVERSATION_ID)],
          next_cursor: null,
        },
      }),
      [`GET /api/v1/conversations/${OLIVIA_CONVERSATION_ID}`]: { body: conversation(OLIVIA_CONVERSATION_ID) },
      [`GET /api/v1/conversations/${OLIVIA_CONVERSATION_ID}/messages`]: {
        body: {
          items: [
            message(1),
            message(2, { type: 'note', content: 'Theme changed yesterday', author: { kind: 'user', id: 1, name: 'Dana Demo' } }),
          ],
          next_cursor: null,
        },
      },
      [`GET /api/v1/conversations/${OLIVIA_CONVERSATION_ID}/sidebar`]: { body: sidebar() },
      'GET /api/v1/stream': { status: 204 },
    });
    const { user, router } = renderApp('/');

    const statuses = await screen.findByRole('group', { name: 'Status' });
    await user.click(within(statuses).getByRole('button', { name: 'Resolved' }));
    expect(await screen.findByRole('link', { name: /Old question/ })).toBeInTheDocument();
    expect(router.state.location.search).toBe('?status=resolved');
    await user.click(within(statuses).getByRole('button', { name: 'Open' }));

    await user.click(await screen.findByRole('link', { name: /Reviews widget not showing/ }));
    expect(router.state.location.pathname).toBe(`/conversations/${OLIVIA_CONVERSATION_ID}`);
    expect(await screen.findByRole('heading', { name: 'Reviews widget not showing on product pages' })).toBeInTheDocument();
    expect(await screen.findByText('Theme changed yesterday')).toBeInTheDocument();
    expect(screen.getByText('Private note')).toBeInTheDocument();

    const contact = screen.getByRole('complementary', { name: 'Contact' });
    expect(await within(contact).findByRole('heading', { name: 'Olivia Bennett' })).toBeInTheDocument();
    // The name shows at once (the list knows it); the details come with the one sidebar request.
    expect(await within(contact).findByText('+1 555 0100')).toBeInTheDocument();
    expect(requests.filter((request) => request.url.pathname.endsWith('/sidebar'))).toHaveLength(1);
  });

  it('logs out from the top bar', async () => {
    mockApi({
      'GET /api/v1/me': { body: demoMe },
      'GET /api/v1/apps': { body: { items: demoApps, next_cursor: null } },
      'GET /api/v1/conversations': { body: { items: [], next_cursor: null } },
    });
    const { user, router, queryClient } = renderApp('/');

    await user.click(await screen.findByRole('button', { name: 'Log out' }));

    expect(await screen.findByRole('heading', { name: 'Sign in to your inbox' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/login');
    expect(getSessionToken()).toBeNull();
    expect(queryClient.getQueryData(['me'])).toBeUndefined();
  });
});
