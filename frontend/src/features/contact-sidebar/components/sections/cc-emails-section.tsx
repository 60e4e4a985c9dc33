//! CC emails: addresses copied on every reply, with the server's validation shown inline.
import { useId, useState, type FormEvent } from 'react';
import { isApiError, type ApiError } from '@/api/api-error';
import { Alert } from '@/components/ui/alert';
import { useRovingFocus } from '@/hooks/use-roving-focus';
import { capitalize } from '@/lib/format';
import { useAddCcEmail } from '../../api/add-cc-email';
import { useRemoveCcEmail } from '../../api/remove-cc-email';
import type { SectionProps } from './section-props';

/** The field's own message for a 422 (`details.fields.email`), else the error's message. */
function emailError(error: ApiError): string {
  const fields = error.details.fields as Record<string, unknown> | undefined;
  const field = fields?.email;
  if (isApiError(error, 422) && typeof field === 'string') return `${capitalize(field)}.`;
  return error.message;
}

export function CcEmailsSection({ sidebar, conversationId }: SectionProps) {
  const [email, setEmail] = useState('');
  const inputId = useId();
  const errorId = useId();
  const add = useAddCcEmail(conversationId);
  const remove = useRemoveCcEmail(conversationId);
  const emails = sidebar.cc_emails;
  const rovingRef = useRovingFocus<HTMLUListElement>({ items: '.cc-list__remove' });

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const value = email.trim();
    if (!value) return;
    add.mutate(value, { onSuccess: () => setEmail('') });
  };

  return (
    <>
      {emails.length === 0 ? <p className="sidebar-empty">Nobody is copied on replies.</p> : null}
      {emails.length > 0 ? (
        <ul
          className="cc-list"
          aria-label="Copied addresses"
          ref={rovingRef}
        >
          {emails.map((address) => (
            <li key={address} className="cc-list__item">
              <span className="cc-list__email">{address}</span>
              <button
                type="button"
                className="icon-button cc-list__remove"
                aria-label={`Remove CC ${address}`}
                onClick={() => remove.mutate(address)}
              >
                <svg viewBox="0 0 12 12" aria-hidden="true">
                  <path d="M3 3l6 6M9 3l-6 6" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
                </svg>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {remove.isError ? <Alert>Could not remove the address: {remove.error.message}</Alert> : null}
      <form className="cc-form" onSubmit={submit} noValidate>
        <label htmlFor={inputId} className="visually-hidden">
          Add CC email
        </label>
        <input
          id={inputId}
          className="input cc-form__input"
          type="text"
          inputMode="email"
          autoComplete="off"
          placeholder="Add an address to copy"
          value={email}
          aria-invalid={add.isError}
          aria-describedby={add.isError ? errorId : undefined}
          onChange={(event) => {
            setEmail(event.target.value);
            if (add.isError) add.reset();
          }}
        />
        <button type="submit" className="button" disabled={add.isPending || email.trim() === ''}>
          Add
        </button>
      </form>
      {add.isError ? (
        <p id={errorId} className="field-error" role="alert">
          {emailError(add.error)}
        </p>
      ) : null}
    </>
  );
}
