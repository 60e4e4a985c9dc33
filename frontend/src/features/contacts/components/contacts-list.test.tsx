//! The contacts list: rows linking to profiles, "Load more" with the cursor, search.
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { contactSummary, demoMe, demoTags } from '@/testing/fixtures';
import { mockApi } from '@/testing/mock-fetch';
import { renderApp } from '@/testing/render-app';

const firstPage = [contactSummary(1, 'Ada Lovelace'), contactSummary(2, 'Grace Hopper', { presence: 'online' })];
const secondPage = [contactSummary(3, 'Alan Turing', { company: null })];

describe('contacts list', () => {
  it('renders contacts linking to their profiles and loads the next page with the cursor', async () => {
    const { requests } = mockApi({
      'GET /api/v1/me': { body: demoMe },
      'GET /api/v1/contacts': ({ url }) =>
        url.searchParams.get('cursor') === 'page-2'
          ? { body: { items: secondPage, next_cursor: null } }
          : { body: { items: firstPage, next_cursor: 'page-2' } },
    });
    const { user } = renderApp('/contacts');

    expect(await screen.findByRole('link', { name: 'Ada Lovelace' })).toHaveAttribute('href', '/contacts/1');
    expect(screen.getByRole('link', { name: 'Grace Hopper' })).toHaveAttribute('href', '/contacts/2');
    expect(screen.getByText('ada.lovelace@example.com')).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Alan Turing' })).not.toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Load more' }));

    expect(await screen.findByRole('link', { name: 'Alan Turing' })).toHaveAttribute('href', '/contacts/3');
    expect(screen.getByRole('link', { name: 'Ada Lovelace' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument();
    const listCalls = requests.filter((r) => r.url.pathname === '/api/v1/contacts');
    expect(listCalls.map((r) => r.url.searchParams.get('cursor'))).toEqual([null, 'page-2']);
  });

  it('searches as you type (debounced) and says when nothing matches', async () => {
    const { requests } = mockApi({
      'GET /api/v1/me': { body: demoMe },
      'GET /api/v1/contacts': ({ url }) =>
        url.searchParams.get('q') === 'zzz'
          ? { body: { items: [], next_cursor: null } }
          : { body: { items: firstPage, next_cursor: null } },
    });
    const { user, router } = renderApp('/contacts');
    await screen.findByRole('link', { name: 'Ada Lovelace' });

    await user.type(screen.getByRole('searchbox', { name: 'Search contacts' }), 'zzz');

    expect(await screen.findByText('No contacts match “zzz”')).toBeInTheDocument();
    expect(router.state.location.search).toBe('?q=zzz');
    expect(requests.at(-1)?.url.searchParams.get('q')).toBe('zzz');
    expect(requests.at(-1)?.url.searchParams.get('limit')).toBe('30');
    // Debounced: one search for the whole word, not one per keystroke.
    expect(requests.filter((r) => r.url.searchParams.has('q')).map((r) => r.url.searchParams.get('q'))).toEqual(['zzz']);
  });

  it('filters by a contact tag', async () => {
    const { requests } = mockApi({
      'GET /api/v1/me': { body: demoMe },
      'GET /api/v1/tags': { body: { items: demoTags, next_cursor: null } },
      'GET /api/v1/contacts': ({ url }) =>
        url.searchParams.get('tag') === 'vip'
          ? { body: { items: [firstPage[0]], next_cursor: null } }
          : { body: { items: firstPage, next_cursor: null } },
    });
    const { user, router } = renderApp('/contacts');
    await screen.findByRole('link', { name: 'Grace Hopper' });

    const select = screen.getByRole('combobox', { name: 'Filter by tag' });
    expect(within(select).queryByRole('option', { name: 'bug' })).not.toBeInTheDocument();
    await user.selectOptions(select, await within(select).findByRole('option', { name: 'vip' }));

    await waitFor(() => expect(screen.queryByRole('link', { name: 'Grace Hopper' })).not.toBeInTheDocument());
    expect(router.state.location.search).toBe('?tag=vip');
    expect(requests.filter((r) => r.url.pathname === '/api/v1/tags').at(-1)?.url.searchParams.get('scope')).toBe('contact');
  });
});
