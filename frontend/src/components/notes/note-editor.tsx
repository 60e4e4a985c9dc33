//! The note text box: plain text with line breaks, Ctrl/⌘+Enter to submit, a character counter near the
//! limit, and the server's validation message inline.
import type { KeyboardEvent } from 'react';
import { isApiError, type ApiError } from '@/api/api-error';
import { NOTE_MAX_CHARS, noteLength } from './notes-api';

/** The counter shows from here on, so it is there before the limit surprises anyone. */
export const COUNTER_FROM = NOTE_MAX_CHARS - 1_000;

const count = new Intl.NumberFormat('en');

/** The field's own message for a 422 (`details.fields.body`), else the error's message. */
export function noteErrorText(error: ApiError): string {
  const fields = error.details.fields as Record<string, unknown> | undefined;
  if (isApiError(error, 422) && typeof fields?.body === 'string') return `The note ${fields.body}.`;
  return error.message;
}

/** Whether the text may be sent: something besides whitespace, and within the limit. */
export function isSendable(text: string): boolean {
  return text.trim() !== '' && noteLength(text) <= NOTE_MAX_CHARS;
}

type NoteEditorProps = {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  onSubmit: () => void;
  /** Escape cancels (editing); absent for the new-note box. */
  onCancel?: () => void;
  submitLabel: string;
  pending: boolean;
  error: ApiError | null;
  placeholder?: string;
  autoFocus?: boolean;
};

export function NoteEditor(props: NoteEditorProps) {
  const { id, value, error, pending, onCancel } = props;
  const length = noteLength(value);
  const over = length > NOTE_MAX_CHARS;
  const errorId = `${id}-error`;
  const counterId = `${id}-counter`;
  const sendable = isSendable(value) && !pending;
  const describedBy = [error ? errorId : null, length >= COUNTER_FROM ? counterId : null].filter(Boolean).join(' ');

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      if (sendable) props.onSubmit();
    } else if (event.key === 'Escape' && onCancel) {
      event.preventDefault();
      event.stopPropagation();
      onCancel();
    }
  };

  return (
    <form
      className="note-editor"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (sendable) props.onSubmit();
      }}
    >
      <label htmlFor={id} className="visually-hidden">
        {props.label}
      </label>
      <textarea
        id={id}
        className="input note-editor__input"
        rows={3}
        placeholder={props.placeholder}
        value={value}
        autoFocus={props.autoFocus}
        aria-invalid={error !== null || over}
        aria-describedby={describedBy || undefined}
        onChange={(event) => props.onChange(event.target.value)}
        onKeyDown={onKeyDown}
      />
      {error ? (
        <p id={errorId} className="field-error" role="alert">
          {noteErrorText(error)}
        </p>
      ) : null}
      <div className="note-editor__actions">
        {length >= COUNTER_FROM ? (
          <span id={counterId} className={`note-editor__counter${over ? ' note-editor__counter--over' : ''}`} aria-live="polite">
            {count.format(length)} / {count.format(NOTE_MAX_CHARS)}
          </span>
        ) : (
          <span className="note-editor__shortcut">Ctrl/⌘ + Enter to {onCancel ? 'save' : 'add'}</span>
        )}
        <span className="note-editor__buttons">
          {onCancel ? (
            <button type="button" className="button button--small button--ghost" onClick={onCancel}>
              Cancel
            </button>
          ) : null}
          <button type="submit" className="button button--small button--primary" disabled={!sendable}>
            {pending ? 'Saving…' : props.submitLabel}
          </button>
        </span>
      </div>
    </form>
  );
}
