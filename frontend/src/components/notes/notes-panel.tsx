//! A contact's notes, newest first, with a box to add one: the sidebar's Notes section (starting from the
//! sidebar's first ten) and the profile's (its own paginated list). "Show more notes" pages through
//! GET /contacts/{id}/notes.
import { useId, useState } from 'react';
import type { SidebarNotes } from '@/api/types';
import { Alert } from '@/components/ui/alert';
import { RetryAlert } from '@/components/ui/retry-alert';
import { Spinner } from '@/components/ui/spinner';
import { useRovingFocus } from '@/hooks/use-roving-focus';
import { NoteEditor } from './note-editor';
import { NoteItem } from './note-item';
import { useCreateNote, useNotes, type OnNotesChanged } from './notes-api';
import './notes.css';

type NotesPanelProps = {
  contactId: number;
  now: Date;
  /** The sidebar's first notes: shown until the agent asks for more. Without it the panel loads its own. */
  initial?: SidebarNotes;
  onChanged?: OnNotesChanged;
};

export function NotesPanel({ contactId, now, initial, onChanged }: NotesPanelProps) {
  const id = useId();
  const [draft, setDraft] = useState('');
  const [expanded, setExpanded] = useState(initial === undefined);
  const create = useCreateNote(contactId, onChanged);
  const full = useNotes(contactId, expanded);
  // One Tab stop for the list's Edit / Delete; arrows move between them.
  const rovingRef = useRovingFocus<HTMLUListElement>({ items: '.note__action' });

  const fromFull = expanded && full.data !== undefined;
  const notes = fromFull ? full.data.pages.flatMap((page) => page.items) : (initial?.items ?? []);
  const hasMore = fromFull ? full.hasNextPage : (initial?.has_more ?? false);
  const loading = !fromFull && initial === undefined;

  const add = () => create.mutate(draft, { onSuccess: () => setDraft('') });

  return (
    <div className="notes">
      <NoteEditor
        id={`${id}-new`}
        label="New note"
        placeholder="Write a note about this contact…"
        value={draft}
        onChange={(value) => {
          setDraft(value);
          if (create.isError) create.reset();
        }}
        onSubmit={add}
        submitLabel="Add note"
        pending={create.isPending}
        error={create.error}
      />
      {loading && full.isPending ? <Spinner label="Loading notes…" /> : null}
      {loading && full.isError ? (
        <RetryAlert onRetry={() => void full.refetch()}>Could not load notes: {full.error.message}</RetryAlert>
      ) : null}
      {!loading && notes.length === 0 ? <p className="notes__empty">No notes yet.</p> : null}
      {notes.length > 0 ? (
        <ul className="notes__list" aria-label="Notes" ref={rovingRef}>
          {notes.map((note) => (
            <NoteItem key={note.id} note={note} now={now} onChanged={onChanged} />
          ))}
        </ul>
      ) : null}
      {!loading && full.isError ? <Alert>Could not load more notes: {full.error.message}</Alert> : null}
      {hasMore ? (
        <button
          type="button"
          className="link-button"
          disabled={full.isFetching}
          onClick={() => (fromFull ? void full.fetchNextPage() : setExpanded(true))}
        >
          {full.isFetching ? 'Loading…' : 'Show more notes'}
        </button>
      ) : null}
    </div>
  );
}
