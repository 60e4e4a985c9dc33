//! A value shown as text with an Edit button; editing saves on Enter, reverts on Escape or Cancel,
//! and keeps the form open with the server's error inline when the save fails (nothing is saved).
//! Shared by the contact profile and the sidebar's Contact details, so both validate alike.
import { useId, useRef, useState, type FormEvent, type KeyboardEvent, type ReactNode, type RefObject } from 'react';
import { isApiError } from '@/api/api-error';
import { capitalize } from '@/lib/format';
import './inline-field.css';

type InlineFieldProps = {
  label: string;
  value: string | null;
  /** Resolves when stored; rejects (usually with an ApiError) to keep the form open. */
  onSave: (next: string) => Promise<unknown>;
  /** Keys to look for in a 422's `details.fields` (e.g. `email`, `location.city`). */
  fieldKeys?: readonly string[];
  inputType?: 'text' | 'email' | 'tel';
  placeholder?: string;
  /** How the stored value reads (e.g. a `mailto:` link); plain text by default. */
  renderValue?: (value: string) => ReactNode;
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

/** The edit/save/cancel cycle of one in-place form; `save` returns false when nothing changed. */
function useInlineEdit<Draft>(initial: () => Draft, save: (draft: Draft) => Promise<boolean>, errorOf: (failure: unknown) => string) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState<Draft>(initial);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const editButton = useRef<HTMLButtonElement>(null);

  const start = () => {
    setDraft(initial());
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
    setSaving(true);
    try {
      await save(draft);
      stop();
    } catch (failure) {
      setError(errorOf(failure));
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
  const change = (next: Draft) => {
    setDraft(next);
    setError(null);
  };
  return { editing, draft, change, error, saving, editButton, start, stop, submit, onKeyDown };
}

function FormButtons({ saving, onCancel }: { saving: boolean; onCancel: () => void }) {
  return (
    <>
      <button type="submit" className="button button--small button--primary" disabled={saving}>
        {saving ? 'Saving…' : 'Save'}
      </button>
      <button type="button" className="button button--small" onClick={onCancel}>
        Cancel
      </button>
    </>
  );
}

type ShownValueProps = { label: string; text: ReactNode; editButton: RefObject<HTMLButtonElement | null>; onEdit: () => void };

function ShownValue({ label, text, editButton, onEdit }: ShownValueProps) {
  return (
    <>
      <span className="inline-field__text">{text ?? <span className="muted">—</span>}</span>
      <button
        ref={editButton}
        type="button"
        className="link-button inline-field__edit"
        aria-label={`Edit ${label}`}
        onClick={onEdit}
      >
        Edit
      </button>
    </>
  );
}

/** The label (`dt`, which labels the inputs) and the value or its form (`dd`) of one field. */
function FieldRow({ id, label, children }: { id: string; label: string; children: ReactNode }) {
  return (
    <div className="inline-field">
      <dt className="inline-field__label" id={`${id}-label`}>
        {label}
      </dt>
      <dd className="inline-field__value">{children}</dd>
    </div>
  );
}

/** The failed save's message under the form, which the invalid input points to (`${id}-error`). */
function FormError({ id, error }: { id: string; error: string | null }) {
  return error ? (
    <p id={`${id}-error`} className="field-error inline-field__error" role="alert">
      {error}
    </p>
  ) : null;
}

export function InlineField({ label, value, onSave, fieldKeys = [], inputType = 'text', placeholder, renderValue }: InlineFieldProps) {
  const id = useId();
  const { editing, draft, change, error, saving, editButton, start, stop, submit, onKeyDown } = useInlineEdit(
    () => value ?? '',
    async (typed) => {
      const next = typed.trim();
      if (next === (value ?? '')) return false;
      await onSave(next);
      return true;
    },
    (failure) => fieldErrorMessage(failure, fieldKeys),
  );

  return (
    <FieldRow id={id} label={label}>
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
            onChange={(event) => change(event.target.value)}
          />
          <FormButtons saving={saving} onCancel={stop} />
          <FormError id={id} error={error} />
        </form>
      ) : (
        <ShownValue label={label} text={value === null ? null : (renderValue?.(value) ?? value)} editButton={editButton} onEdit={start} />
      )}
    </FieldRow>
  );
}

/** One part of a grouped field, e.g. a location's city. */
export type InlinePart = {
  name: string;
  label: string;
  value: string | null;
  /** Keys to look for in a 422's `details.fields`. */
  fieldKeys: readonly string[];
};

type InlineFieldGroupProps = {
  label: string;
  parts: readonly InlinePart[];
  /** How the stored parts read, e.g. "Portland, Oregon, US"; null shows a dash. */
  summary: string | null;
  /** Only the parts that changed, by name (cleared ones as null). */
  onSave: (changed: Record<string, string | null>) => Promise<unknown>;
};

/** Several values edited as one (a location's city, region and country), each part's error under its input. */
export function InlineFieldGroup({ label, parts, summary, onSave }: InlineFieldGroupProps) {
  const id = useId();
  const [failedPart, setFailedPart] = useState<string | null>(null);
  const { editing, draft, change, error, saving, editButton, start, stop, submit, onKeyDown } = useInlineEdit<
    Record<string, string>
  >(
    () => Object.fromEntries(parts.map((part) => [part.name, part.value ?? ''])),
    async (typed) => {
      setFailedPart(null);
      const changed: Record<string, string | null> = {};
      for (const part of parts) {
        const next = (typed[part.name] ?? '').trim();
        if (next !== (part.value ?? '')) changed[part.name] = next === '' ? null : next;
      }
      if (Object.keys(changed).length === 0) return false;
      await onSave(changed);
      return true;
    },
    (failure) => {
      const fields = isApiError(failure, 422) ? (failure.details.fields as Record<string, unknown> | undefined) : undefined;
      const part = parts.find((candidate) => candidate.fieldKeys.some((key) => typeof fields?.[key] === 'string'));
      setFailedPart(part?.name ?? null);
      return fieldErrorMessage(failure, part?.fieldKeys ?? []);
    },
  );

  return (
    <FieldRow id={id} label={label}>
      {editing ? (
        // oxlint-disable-next-line jsx-a11y/no-noninteractive-element-interactions
        <form
          className="inline-field__form inline-field__form--group"
          aria-labelledby={`${id}-label`}
          onSubmit={(event) => void submit(event)}
          onKeyDown={onKeyDown}
          noValidate
        >
          {parts.map((part, index) => {
            const failed = error !== null && (failedPart === part.name || (failedPart === null && index === 0));
            return (
              <label key={part.name} className="inline-field__part">
                <span className="inline-field__part-label">{part.label}</span>
                <input
                  className="input inline-field__input"
                  type="text"
                  aria-invalid={failed}
                  aria-describedby={failed ? `${id}-error` : undefined}
                  value={draft[part.name] ?? ''}
                  autoFocus={index === 0}
                  onChange={(event) => change({ ...draft, [part.name]: event.target.value })}
                />
              </label>
            );
          })}
          <FormButtons saving={saving} onCancel={stop} />
          <FormError id={id} error={error} />
        </form>
      ) : (
        <ShownValue label={label} text={summary} editButton={editButton} onEdit={start} />
      )}
    </FieldRow>
  );
}
