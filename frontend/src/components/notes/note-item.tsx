//! One note: author, when, the text exactly as written (as text, never HTML), and Edit / Delete for the
//! notes the viewer may change (deleting asks first).
import { useId, useState } from 'react';
import type { ContactNote } from '@/api/types';
import { Alert } from '@/components/ui/alert';
import { formatDateTime, formatRelativeTime } from '@/lib/format';
import { NoteEditor } from './note-editor';
import { useDeleteNote, useEditNote, type OnNotesChanged } from './notes-api';

type NoteItemProps = {
  note: ContactNote;
  now: Date;
  onChanged?: OnNotesChanged;
};

/** A note whose author's user was removed keeps its text, with no name to show. */
export const NO_AUTHOR = 'Former teammate';

export function NoteItem({ note, now, onChanged }: NoteItemProps) {
  const id = useId();
  const [draft, setDraft] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const edit = useEditNote(note.contact_id, note.id, onChanged);
  const remove = useDeleteNote(note.contact_id, note.id, onChanged);
  const author = note.author?.name ?? NO_AUTHOR;
  const edited = note.updated_at !== note.created_at;

  const stopEditing = () => {
    setDraft(null);
    edit.reset();
  };

  return (
    <li className="note" aria-label={`Note by ${author}, ${formatRelativeTime(note.created_at, now)}`}>
      <div className="note__meta">
        <span className="note__author">{author}</span>
        <time dateTime={note.created_at} title={formatDateTime(note.created_at)}>
          {formatRelativeTime(note.created_at, now)}
        </time>
        {edited ? <span title={`Edited ${formatDateTime(note.updated_at)}`}>· edited</span> : null}
      </div>
      {draft === null ? (
        <p className="note__body">{note.body}</p>
      ) : (
        <NoteEditor
          id={`${id}-edit`}
          label="Edit note"
          value={draft}
          onChange={(value) => {
            setDraft(value);
            if (edit.isError) edit.reset();
          }}
          onSubmit={() => edit.mutate(draft, { onSuccess: stopEditing })}
          onCancel={stopEditing}
          submitLabel="Save"
          pending={edit.isPending}
          error={edit.error}
          autoFocus
        />
      )}
      {note.editable && draft === null && !confirming ? (
        <div className="note__actions">
          <button type="button" className="link-button note__action" aria-label="Edit note" onClick={() => setDraft(note.body)}>
            Edit
          </button>
          <button type="button" className="link-button note__action" aria-label="Delete note" onClick={() => setConfirming(true)}>
            Delete
          </button>
        </div>
      ) : null}
      {confirming ? (
        <div className="note__confirm" role="group" aria-label="Delete this note?">
          <span>Delete this note?</span>
          <button
            type="button"
            className="button button--small note__action"
            disabled={remove.isPending}
            autoFocus
            onClick={() => remove.mutate(undefined, { onSettled: () => setConfirming(false) })}
          >
            {remove.isPending ? 'Deleting…' : 'Delete'}
          </button>
          <button
            type="button"
            className="button button--small button--ghost note__action"
            onClick={() => {
              setConfirming(false);
              remove.reset();
            }}
          >
            Cancel
          </button>
        </div>
      ) : null}
      {remove.isError ? <Alert>Could not delete the note: {remove.error.message}</Alert> : null}
    </li>
  );
}
