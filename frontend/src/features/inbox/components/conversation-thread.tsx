//! The open conversation: its header and its messages, oldest first the status actions and the composer.
import type { ReactNode } from 'react';
import { isApiError } from '@/api/api-error';
import { Alert } from '@/components/ui/alert';
import { EmptyState } from '@/components/ui/empty-state';
import { LoadMoreButton } from '@/components/ui/load-more-button';
import { RetryAlert } from '@/components/ui/retry-alert';
import { Spinner } from '@/components/ui/spinner';
import { StatusBadge } from '@/components/ui/status-badge';
import { useNow } from '@/hooks/use-now';
import { capitalize } from '@/lib/format';
import { useConversation } from '../api/get-conversation';
import { useMessages } from '../api/get-messages';
import { Composer } from './composer';
import { ChatIcon } from './icons';
import { MessageItem } from './message-item';
import { StatusActions } from './status-actions';

type ConversationThreadProps = {
  id: string;
  /** Shown at the end of the header (the contact panel toggle), once the conversation is loaded. */
  headerAction?: ReactNode;
  /** Why the conversation answered 404 after it had loaded (its contact deleted), once known. */
  goneMessage?: string | null;
  /** Who a reply is copied to; unknown while the sidebar loads. */
  ccEmails?: readonly string[];
};

export function ConversationThread({ id, headerAction, goneMessage = null, ccEmails }: ConversationThreadProps) {
  const conversation = useConversation(id);
  // Gone while open: the thread stays readable (and the draft copyable) until the inbox moves on.
  const gone = conversation.data !== undefined && isApiError(conversation.error, 404);

  if (conversation.isError && !gone) {
    if (isApiError(conversation.error, 404) || isApiError(conversation.error, 400)) {
      return (
        <EmptyState title="Conversation not found" icon={<ChatIcon />}>
          <p>It may have been deleted, or it belongs to an app you don't operate.</p>
        </EmptyState>
      );
    }
    return (
      <div className="thread__state">
        <RetryAlert onRetry={conversation.refetch}>
          {conversation.error.message}
        </RetryAlert>
      </div>
    );
  }

  const data = conversation.data;
  const title = data ? data.title || data.preview || `Conversation with ${data.contact.display_name}` : '';
  return (
    <article className="thread" aria-labelledby="thread-title">
      <header className="thread__header">
        {data ? (
          <>
            <div className="thread__heading">
              <h2 id="thread-title" className="thread__title">
                {title}
              </h2>
              <StatusBadge status={data.status} />
              {gone ? null : <StatusActions conversationId={id} status={data.status} />}
              {headerAction}
            </div>
            <p className="thread__subtitle">
              {data.contact.display_name} · {data.app_name} · {capitalize(data.channel)}
            </p>
          </>
        ) : (
          <h2 id="thread-title" className="thread__title">
            <Spinner label="Loading conversation…" />
          </h2>
        )}
      </header>
      {gone && goneMessage ? (
        <div className="thread__gone">
          <Alert>{goneMessage} Replying is off.</Alert>
        </div>
      ) : null}
      <Messages id={id} />
      {data ? <Composer conversationId={id} ccEmails={ccEmails} disabled={gone} /> : null}
    </article>
  );
}

function Messages({ id }: { id: string }) {
  const messages = useMessages(id);
  const now = useNow();
  const items = messages.data?.pages.flatMap((page) => page.items) ?? [];

  if (messages.isPending) {
    return (
      <div className="thread__state">
        <Spinner label="Loading messages…" />
      </div>
    );
  }
  if (messages.isError) {
    return (
      <div className="thread__state">
        <RetryAlert onRetry={messages.refetch}>
          {messages.error.message}
        </RetryAlert>
      </div>
    );
  }
  return (
    <div className="thread__body">
      {items.length === 0 ? <p className="thread__empty muted">No messages yet.</p> : null}
      <ol className="thread__messages" aria-label="Messages">
        {items.map((message) => (
          <MessageItem key={message.id} message={message} now={now} />
        ))}
      </ol>
      {messages.hasNextPage ? (
        <div className="thread__more">
          <LoadMoreButton pages={messages}>Load newer messages</LoadMoreButton>
        </div>
      ) : null}
    </div>
  );
}
