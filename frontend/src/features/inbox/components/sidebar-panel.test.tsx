//! The contact sidebar's toggle: a docked column on wide windows, a drawer on narrow ones, kept per user.
import { screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { conversation, demoApps, demoMe, message, OLIVIA_CONVERSATION_ID, sidebar } from '@/testing/fixtures';
import { mockApi } from '@/testing/mock-fetch';
import { renderApp } from '@/testing/render-app';

/** A window as wide (`docked`) or narrow as the test says, for `matchMedia('(min-width: 75rem)')`. */
function stubWidth(docked: boolean) {
  vi.stubGlobal('matchMedia', (query: string) => ({
    matches: query === '(min-width: 75rem)' ? docked : false,
    media: query,
    addEventListener: () => {},
    removeEventListener: () => {},
  }));
}

function mockOlivia() {
  mockApi({
    'GET /api/v1/me': { body: demoMe },
    'GET /api/v1/apps': { body: { items: demoApps, next_cursor: null } },
    'GET /api/v1/conversations': { body: { items: [conversation(OLIVIA_CONVERSATION_ID)], next_cursor: null } },
    [`GET /api/v1/conversations/${OLIVIA_CONVERSATION_ID}`]: { body: conversation(OLIVIA_CONVERSATION_ID) },
    [`GET /api/v1/conversations/${OLIVIA_CONVERSATION_ID}/messages`]: { body: { items: [message(1)], next_cursor: null } },
    [`GET /api/v1/conversations/${OLIVIA_CONVERSATION_ID}/sidebar`]: { body: sidebar() },
    'GET /api/v1/stream': { status: 204 },
  });
}

const panelKey = `convot.sidebar-panel.v1.user-${demoMe.user.id}`;

describe('contact panel toggle', () => {
  it('hides and shows the docked sidebar on a wide window, remembering it for the user', async () => {
    stubWidth(true);
    mockOlivia();
    const { user } = renderApp(`/conversations/${OLIVIA_CONVERSATION_ID}`);

    // The first render of a file is slow on a busy machine: wait for the thread's header.
    const toggle = await screen.findByRole('button', { name: 'Contact panel' }, { timeout: 5000 });
    const contact = screen.getByRole('complementary', { name: 'Contact' });
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    expect(await within(contact).findByRole('heading', { name: 'Olivia Bennett' })).toBeInTheDocument();
    expect(within(contact).queryByRole('button', { name: 'Close contact panel' })).not.toBeInTheDocument();

    await user.click(toggle);
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    expect(screen.queryByRole('complementary', { name: 'Contact' })).not.toBeInTheDocument();
    expect(JSON.parse(window.localStorage.getItem(panelKey) ?? '{}')).toEqual({ column: false, drawer: false });
  });

  it('opens a drawer on a narrow window, focuses it, and closes it with Escape back to the toggle', async () => {
    stubWidth(false);
    mockOlivia();
    const { user } = renderApp(`/conversations/${OLIVIA_CONVERSATION_ID}`);

    // The first render of a file is slow on a busy machine: wait for the thread's header.
    const toggle = await screen.findByRole('button', { name: 'Contact panel' }, { timeout: 5000 });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    expect(screen.queryByRole('complementary', { name: 'Contact' })).not.toBeInTheDocument();

    await user.click(toggle);
    const drawer = screen.getByRole('complementary', { name: 'Contact' });
    expect(drawer).toHaveFocus();
    expect(await within(drawer).findByRole('heading', { name: 'Olivia Bennett' })).toBeInTheDocument();
    expect(JSON.parse(window.localStorage.getItem(panelKey) ?? '{}')).toEqual({ column: true, drawer: true });

    await user.keyboard('{Escape}');
    expect(screen.queryByRole('complementary', { name: 'Contact' })).not.toBeInTheDocument();
    expect(toggle).toHaveFocus();

    await user.click(toggle);
    await user.click(within(screen.getByRole('complementary', { name: 'Contact' })).getByRole('button', { name: 'Close contact panel' }));
    expect(screen.queryByRole('complementary', { name: 'Contact' })).not.toBeInTheDocument();
    expect(toggle).toHaveFocus();
  });
});
