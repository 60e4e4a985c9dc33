//! A value shown as text with an Edit button; editing saves on Enter, reverts on Escape or Cancel,
//! and keeps the form open with the server's error inline when the save fails (nothing is saved).
import { useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { isApiError } from '@/api/api-error';
import { capitalize } from '@/lib/format';

type InlineFieldProps = {
  label: string;
  value: string | null;
  /** Resolves when stored; rejects (usually with an ApiError) to keep the form open. */
  onSave: (next: string) => Promise<unknown>;
  /** Keys to look for in a 422's `details.fields` (e.g. `email`, `location.city`). */
  fieldKeys?: readonly string[];
  inputType?: 'text' | 'email' | 'tel';
  placeholder?: string;
};

/** The field's own message from a 422, else the error's message (e.g. a 409 `email_taken`). */
export function fieldErrorMessage(error: unknown, fieldKeys: readonly string[]): string {
  if (isApiError(error)) {
    const fields = error.details.fields as Record<string, unknown> | undefined;
    for (const key of fieldKeys) {
      const message = fields?.[key];
      if (isApiError(error, 422) && typeof message === 'string') return `${capitalize(message)}.`.replace(/\.\.$/, '.');
    }
    return error.message;
  }
  return error instanceof Error ? error.message : 'Could not save.';
}

export function InlineField({ label, value, onSave, fieldKeys = [], inputType = 'text', placeholder }: InlineFieldProps) {
  const id = useId();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const editButton = useRef<HTMLButtonElement>(null);

  const start = () => {
    setDraft(value ?? '');
    setError(null);
    setEditing(true);
  };
  const stop = () => {
    setEditing(false);
    setError(null);
    // Give focus back to where the agent started once the button is back.
    window.setTimeout(() => editButton.current?.focus(), 0);
  };
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const next = draft.trim();
    if (next === (value ?? '')) return stop();
    setSaving(true);
    try {
      await onSave(next);
      stop();
    } catch (failure) {
      setError(fieldErrorMessage(failure, fieldKeys));
    } finally {
      setSaving(false);
    }
  };
  const onKeyDown = (event: KeyboardEvent<HTMLFormElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      stop();
    }
  };

  return (
    <div className="inline-field">
      <dt className="inline-field__label" id={`${id}-label`}>
        {label}
      </dt>
      <dd className="inline-field__value">
        {editing ? (
          // oxlint-disable-next-line jsx-a11y/no-noninteractive-element-interactions
          <form className="inline-field__form" onSubmit={(event) => void submit(event)} onKeyDown={onKeyDown} noValidate>
            <input
              className="input inline-field__input"
              type={inputType}
              aria-labelledby={`${id}-label`}
              aria-invalid={error !== null}
              aria-describedby={error ? `${id}-error` : undefined}
              value={draft}
              placeholder={placeholder}
              autoFocus
              onChange={(event) => {
                setDraft(event.target.value);
                setError(null);
              }}
            />
            <button type="submit" className="button button--small button--primary" disabled={saving}>
              {saving ? 'Saving…' : 'Save'}
            </button>
            <button type="button" className="button button--small" onClick={stop}>
              Cancel
            </button>
            {error ? (
              <p id={`${id}-error`} className="field-error inline-field__error" role="alert">
                {error}
              </p>
            ) : null}
          </form>
        ) : (
          <>
            <span className="inline-field__text">{value ?? <span className="muted">—</span>}</span>
            <button
              ref={editButton}
              type="button"
              className="link-button inline-field__edit"
              aria-label={`Edit ${label}`}
              onClick={start}
            >
              Edit
            </button>
          </>
        )}
      </dd>
    </div>
  );
}
