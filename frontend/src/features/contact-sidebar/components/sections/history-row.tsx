//! One past conversation: opens it on click, or expands in place to peek at its last messages.
import { useId, useState } from 'react';
import type { ConversationStatus } from '@/api/types';
import { RetryAlert } from '@/components/ui/retry-alert';
import { Spinner } from '@/components/ui/spinner';
import { StatusBadge } from '@/components/ui/status-badge';
import { formatRelativeTime } from '@/lib/format';
import { usePeekMessages } from '../../api/get-peek-messages';
import type { OpenConversation } from './section-props';
import { Chevron } from '@/components/ui/chevron';

export type HistoryRowData = {
  id: string;
  app_id: number;
  app_name: string;
  status: ConversationStatus;
  title: string;
  summary: string;
  last_activity_at: string;
  is_current: boolean;
};

type HistoryRowProps = { item: HistoryRowData; onOpenConversation: OpenConversation; now: Date };

export function HistoryRow({ item, onOpenConversation, now }: HistoryRowProps) {
  const [peeking, setPeeking] = useState(false);
  const peekId = useId();
  const heading = item.title || item.summary || 'Untitled conversation';
  const detail = item.summary && item.summary !== heading ? item.summary : null;
  const meta = (
    <span className="sidebar-card__meta">
      <span>{item.app_name}</span>
      <StatusBadge status={item.status} />
      <time dateTime={item.last_activity_at}>{formatRelativeTime(item.last_activity_at, now)}</time>
    </span>
  );

  if (item.is_current) {
    return (
      <li className="history-row history-row--current" aria-current="true">
        <div className="sidebar-card sidebar-card--static">
          <span className="sidebar-card__title">{heading}</span>
          <span className="sidebar-card__meta">
            <span className="history-row__current">This conversation</span>
          </span>
        </div>
      </li>
    );
  }
  return (
    <li className="history-row">
      <div className="history-row__main">
        <button type="button" className="sidebar-card" onClick={() => onOpenConversation(item.id, item.app_id, item.status)}>
          <span className="sidebar-card__title">{heading}</span>
          {detail ? <span className="sidebar-card__text">{detail}</span> : null}
          {meta}
        </button>
        <button
          type="button"
          className="icon-button history-row__peek"
          aria-expanded={peeking}
          aria-controls={peekId}
          aria-label={`Peek at “${heading}”`}
          title="Peek at the last messages"
          onClick={() => setPeeking((open) => !open)}
        >
          <Chevron open={peeking} />
        </button>
      </div>
      <div id={peekId} className="history-row__peek-body" hidden={!peeking}>
        {peeking ? <Peek conversationId={item.id} now={now} /> : null}
      </div>
    </li>
  );
}

function Peek({ conversationId, now }: { conversationId: string; now: Date }) {
  const messages = usePeekMessages(conversationId);
  if (messages.isPending) return <Spinner label="Loading messages…" />;
  if (messages.isError) {
    return (
      <RetryAlert onRetry={messages.refetch}>
        {messages.error.message}
      </RetryAlert>
    );
  }
  if (messages.data.length === 0) return <p className="sidebar-empty">No messages.</p>;
  return (
    <ol className="peek" aria-label="Last messages">
      {messages.data.map((message) => (
        <li key={message.id} className={`peek__message peek__message--${message.type}`}>
          <span className="peek__meta">
            <span className="peek__author">{message.author.name}</span>
            {message.type === 'note' ? <span className="peek__label">Note</span> : null}
            <time dateTime={message.created_at}>{formatRelativeTime(message.created_at, now)}</time>
          </span>
          <span className="peek__content">{message.content}</span>
        </li>
      ))}
    </ol>
  );
}
