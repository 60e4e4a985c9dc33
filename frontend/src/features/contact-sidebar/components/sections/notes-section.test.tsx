//! The sidebar's Notes section: newest first with author and time, text as written (never HTML), add with
//! Ctrl+Enter, edit and delete (after a confirmation) only where allowed, 422 inline, a counter near the
//! limit, and "Show more notes" through GET /contacts/{id}/notes.
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ContactNote, Sidebar } from '@/api/types';
import { note, OLIVIA_CONVERSATION_ID, sidebar } from '@/testing/fixtures';
import { mockApi, type MockRequest } from '@/testing/mock-fetch';
import { renderWithProviders } from '@/testing/render-with-providers';
import { ContactSidebar } from '../contact-sidebar';

const SIDEBAR_PATH = `GET /api/v1/conversations/${OLIVIA_CONVERSATION_ID}/sidebar`;
const NOTES = '/api/v1/contacts/1/notes';

/** The server's notes, newest first; the sidebar answers with the first ten of them. */
function notesServer(initial: ContactNote[], extra: Parameters<typeof mockApi>[0] = {}) {
  const notes = [...initial];
  const current = (): Sidebar => sidebar({ notes: { items: notes.slice(0, 10), has_more: notes.length > 10 } });
  const mock = mockApi({
    [SIDEBAR_PATH]: () => ({ body: current() }),
    [`POST ${NOTES}`]: ({ body }: MockRequest) => {
      const created = note(100 + notes.length, { body: (body as { body: string }).body, created_at: '2026-11-24T12:04:00Z', updated_at: '2026-11-24T12:04:00Z' });
      notes.unshift(created);
      return { status: 201, body: created };
    },
    ...extra,
  });
  return { notes, ...mock };
}

function renderSidebar() {
  return renderWithProviders(
    <ContactSidebar conversationId={OLIVIA_CONVERSATION_ID} userId={2} onOpenConversation={() => {}} />,
  );
}

/** The section once the sidebar has loaded (its region holds the place before). */
async function notesSection() {
  const section = await screen.findByRole('region', { name: 'Notes' });
  await within(section).findByRole('textbox', { name: 'New note' });
  return section;
}

describe('notes section', () => {
  it('lists notes newest first with author and relative time, as plain text with line breaks', async () => {
    notesServer([
      note(2, { body: '<img src=x onerror=alert(1)> <b>not bold</b>', author: { id: 1, name: 'Dana Demo' }, editable: false, created_at: '2026-11-24T09:05:00Z', updated_at: '2026-11-24T09:05:00Z' }),
      note(1, { author: null, editable: false, created_at: '2026-11-20T12:00:00Z', updated_at: '2026-11-21T12:00:00Z' }),
    ]);
    renderSidebar();
    const section = await notesSection();
    const items = await within(section).findAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(items[0]).toHaveTextContent('Dana Demo');
    expect(items[0]).toHaveTextContent('3 hours ago');
    // Markup is shown as the characters typed: no element is made from it.
    expect(within(items[0]!).getByText('<img src=x onerror=alert(1)> <b>not bold</b>')).toBeInTheDocument();
    expect(section.querySelector('img, b')).toBeNull();
    expect(items[1]).toHaveTextContent('Former teammate');
    expect(items[1]).toHaveTextContent('· edited');
    const body = within(items[1]!).getByText(/Prefers email over chat/);
    expect(body.textContent).toBe('Prefers email over chat for billing.\nAvoid replies before 9am Pacific.');
    expect(body).toHaveClass('note__body');
    // Neither is the viewer's to change.
    expect(within(section).queryByRole('button', { name: 'Edit note' })).not.toBeInTheDocument();
    expect(within(section).queryByRole('button', { name: 'Delete note' })).not.toBeInTheDocument();
  });

  it('adds a note with Ctrl+Enter, clears the box and shows the note from the refreshed sidebar', async () => {
    const { requests } = notesServer([]);
    const { user } = renderSidebar();
    const section = await notesSection();
    expect(within(section).getByText('No notes yet.')).toBeInTheDocument();
    const box = within(section).getByRole('textbox', { name: 'New note' });
    expect(within(section).getByRole('button', { name: 'Add note' })).toBeDisabled();
    await user.type(box, 'Line one{Shift>}{Enter}{/Shift}Line two');
    await user.keyboard('{Control>}{Enter}{/Control}');

    await waitFor(() => expect(box).toHaveValue(''));
    expect(requests.find((r) => r.method === 'POST')?.body).toEqual({ body: 'Line one\nLine two' });
    const item = await within(section).findByRole('listitem');
    expect(within(item).getByText(/Line one/).textContent).toBe('Line one\nLine two');
    expect(item).toHaveTextContent('1 minute ago');
  });

  it('shows a 422 inline and keeps the draft', async () => {
    notesServer([], {
      [`POST ${NOTES}`]: {
        status: 422,
        body: { error: { code: 'validation_failed', message: 'Invalid input', details: { fields: { body: 'must not be empty' } } } },
      },
    });
    const { user } = renderSidebar();
    const section = await notesSection();
    const box = within(section).getByRole('textbox', { name: 'New note' });
    await user.type(box, 'x');
    await user.click(within(section).getByRole('button', { name: 'Add note' }));
    expect(await within(section).findByRole('alert')).toHaveTextContent('The note must not be empty.');
    expect(box).toHaveValue('x');
    expect(box).toHaveAttribute('aria-invalid', 'true');
  });

  it('counts characters near the limit, as the server does, and refuses past it', async () => {
    notesServer([]);
    const { user } = renderSidebar();
    const section = await notesSection();
    const box = within(section).getByRole('textbox', { name: 'New note' });
    // Four-byte characters count once each (two UTF-16 units in JavaScript).
    await user.click(box);
    await user.paste('😀'.repeat(9_500));
    expect(within(section).getByText('9,500 / 10,000')).toBeInTheDocument();
    await user.paste('a'.repeat(501));
    expect(within(section).getByText('10,001 / 10,000')).toHaveClass('note-editor__counter--over');
    expect(within(section).getByRole('button', { name: 'Add note' })).toBeDisabled();
  });

  it('edits and deletes (after asking) the viewer’s own note', async () => {
    const own = note(1);
    let edited: unknown;
    const { requests, notes } = notesServer([own], {
      [`PATCH ${NOTES}/1`]: ({ body }: MockRequest) => {
        edited = body;
        notes[0] = { ...own, body: (body as { body: string }).body, updated_at: '2026-11-24T12:04:30Z' };
        return { body: notes[0] };
      },
      [`DELETE ${NOTES}/1`]: () => {
        notes.splice(0, 1);
        return { status: 204 };
      },
    });
    const { user } = renderSidebar();
    const section = await notesSection();
    await within(section).findByRole('listitem');

    await user.click(within(section).getByRole('button', { name: 'Edit note' }));
    const editor = within(section).getByRole('textbox', { name: 'Edit note' });
    expect(editor).toHaveFocus();
    await user.keyboard('{Escape}');
    expect(within(section).queryByRole('textbox', { name: 'Edit note' })).not.toBeInTheDocument();

    await user.click(within(section).getByRole('button', { name: 'Edit note' }));
    const again = within(section).getByRole('textbox', { name: 'Edit note' });
    await user.clear(again);
    await user.type(again, 'Rewritten');
    await user.click(within(section).getByRole('button', { name: 'Save' }));
    expect(await within(section).findByText('Rewritten')).toBeInTheDocument();
    expect(edited).toEqual({ body: 'Rewritten' });
    expect(within(section).getByRole('listitem')).toHaveTextContent('· edited');

    await user.click(within(section).getByRole('button', { name: 'Delete note' }));
    const confirm = within(section).getByRole('group', { name: 'Delete this note?' });
    await user.click(within(confirm).getByRole('button', { name: 'Cancel' }));
    expect(requests.some((r) => r.method === 'DELETE')).toBe(false);
    await user.click(within(section).getByRole('button', { name: 'Delete note' }));
    await user.click(within(within(section).getByRole('group', { name: 'Delete this note?' })).getByRole('button', { name: 'Delete' }));
    expect(await within(section).findByText('No notes yet.')).toBeInTheDocument();
    expect(requests.filter((r) => r.method === 'DELETE')).toHaveLength(1);
  });

  it('pages past the sidebar’s ten with "Show more notes"', async () => {
    const all = Array.from({ length: 12 }, (_, i) =>
      note(12 - i, { body: `Note ${12 - i}`, created_at: `2026-11-24T10:${String(59 - i).padStart(2, '0')}:00Z` }),
    );
    const pages: Record<string, { items: ContactNote[]; next_cursor: string | null }> = {
      '': { items: all.slice(0, 11), next_cursor: 'page-2' },
      'page-2': { items: all.slice(11), next_cursor: null },
    };
    notesServer(all, {
      [`GET ${NOTES}`]: ({ url }: MockRequest) => ({ body: pages[url.searchParams.get('cursor') ?? ''] }),
    });
    const { user } = renderSidebar();
    const section = await notesSection();
    expect(await within(section).findAllByRole('listitem')).toHaveLength(10);
    await user.click(within(section).getByRole('button', { name: 'Show more notes' }));
    await waitFor(() => expect(within(section).getAllByRole('listitem')).toHaveLength(11));
    await user.click(within(section).getByRole('button', { name: 'Show more notes' }));
    await waitFor(() => expect(within(section).getAllByRole('listitem')).toHaveLength(12));
    expect(within(section).queryByRole('button', { name: 'Show more notes' })).not.toBeInTheDocument();
    expect(within(section).getAllByRole('listitem').at(-1)).toHaveTextContent('Note 1');
  });
});
