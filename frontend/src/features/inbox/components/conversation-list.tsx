//! The selected app's conversations with the status filter and "Load more".
import { EmptyState } from '@/components/ui/empty-state';
import { LoadMoreButton } from '@/components/ui/load-more-button';
import { RetryAlert } from '@/components/ui/retry-alert';
import { Spinner } from '@/components/ui/spinner';
import { useNow } from '@/hooks/use-now';
import { useConversations } from '../api/get-conversations';
import { useStatusFilter } from '../hooks/use-status-filter';
import { ConversationRow } from './conversation-row';
import { InboxIcon } from './icons';
import { StatusFilterBar } from './status-filter';

type ConversationListProps = {
  /** null while the apps load, or when there is no app. */
  appId: number | null;
  appsLoading: boolean;
  selectedId: string | null;
};

export function ConversationList({ appId, appsLoading, selectedId }: ConversationListProps) {
  const { status, setStatus } = useStatusFilter();
  const conversations = useConversations(appId === null ? null : { appId, status });
  const now = useNow();
  const items = conversations.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <section className="conversation-list" aria-labelledby="conversation-list-heading">
      <div className="conversation-list__header">
        <h2 id="conversation-list-heading" className="inbox-column__heading">
          Conversations
        </h2>
        <StatusFilterBar value={status} onChange={setStatus} />
      </div>
      {appsLoading || (appId !== null && conversations.isPending) ? (
        <div className="conversation-list__state">
          <Spinner label="Loading conversations…" />
        </div>
      ) : null}
      {conversations.isError ? (
        <div className="conversation-list__state">
          <RetryAlert onRetry={conversations.refetch}>
            {conversations.error.message}
          </RetryAlert>
        </div>
      ) : null}
      {(!appsLoading && appId === null) || (conversations.isSuccess && items.length === 0) ? (
        <EmptyState title={status === 'all' ? 'No conversations yet' : `No ${status} conversations`} icon={<InboxIcon />}>
          <p>New conversations from this app will show up here.</p>
        </EmptyState>
      ) : null}
      {items.length > 0 ? (
        <ul className="conversation-list__items" aria-label="Conversations">
          {items.map((conversation) => (
            <ConversationRow
              key={conversation.id}
              conversation={conversation}
              selected={conversation.id === selectedId}
              showStatus={status === 'all'}
              now={now}
            />
          ))}
        </ul>
      ) : null}
      {conversations.hasNextPage ? (
        <div className="conversation-list__more">
          <LoadMoreButton pages={conversations} />
        </div>
      ) : null}
    </section>
  );
}
