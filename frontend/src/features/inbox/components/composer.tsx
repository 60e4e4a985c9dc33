//! The reply box under the thread: a Reply tab (the visitor and the CC addresses get it) and a Note tab (agents only).
import { useId, useState, type FormEvent, type KeyboardEvent } from 'react';
import { isApiError, type ApiError } from '@/api/api-error';
import type { AgentMessageType } from '@/api/types';
import { usePostMessage } from '../api/post-message';

const TABS: { type: AgentMessageType; label: string }[] = [
  { type: 'outgoing', label: 'Reply' },
  { type: 'note', label: 'Note' },
];

/** The content field's own message for a 422, else the server's message. */
function composerError(error: ApiError): string {
  const fields = error.details.fields as Record<string, unknown> | undefined;
  const field = fields?.content ?? fields?.type;
  return isApiError(error, 422) && typeof field === 'string' ? field : error.message;
}

type ComposerProps = {
  conversationId: string;
  /** The conversation's CC addresses: every reply is emailed to them too. Unknown while loading. */
  ccEmails?: readonly string[];
  /** Nothing can be sent any more (the conversation is gone); the draft stays readable. */
  disabled?: boolean;
};

export function Composer({ conversationId, ccEmails = [], disabled = false }: ComposerProps) {
  const id = useId();
  const [type, setType] = useState<AgentMessageType>('outgoing');
  const [content, setContent] = useState('');
  const post = usePostMessage(conversationId);
  const isNote = type === 'note';
  const canSend = content.trim() !== '' && !post.isPending && !disabled;
  const showCc = !isNote && ccEmails.length > 0;
  const describedBy = [showCc ? `${id}-cc` : null, post.isError ? `${id}-error` : null].filter(Boolean).join(' ');

  const send = () => {
    if (!canSend) return;
    post.mutate({ type, content }, { onSuccess: () => setContent('') });
  };
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    send();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && (event.metaKey || event.ctrlKey)) {
      event.preventDefault();
      send();
    }
  };
  const onTabKeyDown = (event: KeyboardEvent<HTMLButtonElement>) => {
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
    event.preventDefault();
    const next = type === 'outgoing' ? 'note' : 'outgoing';
    setType(next);
    document.getElementById(`${id}-tab-${next}`)?.focus();
  };

  return (
    <form className={`composer${isNote ? ' composer--note' : ''}`} onSubmit={onSubmit} aria-label="Write a message">
      <div role="tablist" aria-label="Message type" className="composer__tabs">
        {TABS.map((tab) => (
          <button
            key={tab.type}
            id={`${id}-tab-${tab.type}`}
            type="button"
            role="tab"
            aria-selected={type === tab.type}
            aria-controls={`${id}-panel`}
            tabIndex={type === tab.type ? 0 : -1}
            className="composer__tab"
            onClick={() => setType(tab.type)}
            onKeyDown={onTabKeyDown}
          >
            {tab.label}
          </button>
        ))}
        {isNote ? <span className="composer__hint">Only agents see notes</span> : null}
      </div>
      <div id={`${id}-panel`} role="tabpanel" aria-labelledby={`${id}-tab-${type}`} className="composer__panel">
        <label htmlFor={`${id}-content`} className="visually-hidden">
          {isNote ? 'Note' : 'Reply'}
        </label>
        {showCc ? (
          <p id={`${id}-cc`} className="composer__cc" title="Replies are emailed to these addresses too">
            CC: {ccEmails.join(', ')}
          </p>
        ) : null}
        <textarea
          id={`${id}-content`}
          className="input composer__input"
          rows={3}
          placeholder={isNote ? 'Write a private note…' : 'Write a reply…'}
          value={content}
          // Read-only, not disabled: a draft written before the contact was deleted can still be
          // selected and copied; sending is what is off.
          readOnly={disabled}
          aria-disabled={disabled || undefined}
          aria-invalid={post.isError}
          aria-describedby={describedBy || undefined}
          onChange={(event) => {
            setContent(event.target.value);
            if (post.isError) post.reset();
          }}
          onKeyDown={onKeyDown}
        />
        {post.isError ? (
          <p id={`${id}-error`} className="field-error" role="alert">
            {composerError(post.error)}
          </p>
        ) : null}
        <div className="composer__actions">
          <span className="composer__shortcut muted">Ctrl/⌘ + Enter to send</span>
          <button type="submit" className="button button--primary" disabled={!canSend}>
            {post.isPending ? 'Sending…' : isNote ? 'Add note' : 'Send reply'}
          </button>
        </div>
      </div>
    </form>
  );
}
