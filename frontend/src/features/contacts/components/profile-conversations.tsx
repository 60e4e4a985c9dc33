//! All of the contact's conversations (in apps the agent may see), newest activity first, a page at a time.
import { Link } from 'react-router';
import { Alert } from '@/components/ui/alert';
import { LoadMoreButton } from '@/components/ui/load-more-button';
import { Spinner } from '@/components/ui/spinner';
import { StatusBadge } from '@/components/ui/status-badge';
import { formatDateTime, formatRelativeTime } from '@/lib/format';
import { useProfileConversations } from '../api/get-contact-conversations';

export function ProfileConversations({ contactId, now }: { contactId: number; now: Date }) {
  const conversations = useProfileConversations(contactId);
  const items = conversations.data?.pages.flatMap((page) => page.items) ?? [];

  if (conversations.isPending) return <Spinner label="Loading conversations…" />;
  if (conversations.isError) return <Alert>Could not load conversations: {conversations.error.message}</Alert>;
  return (
    <>
      {items.length === 0 ? <p className="empty-note">No conversations yet.</p> : null}
      <ul className="profile-conversations" aria-label="Conversations">
        {items.map((conversation) => (
          <li key={conversation.id} className="profile-conversation">
            <Link to={`/conversations/${conversation.id}`} className="profile-conversation__link">
              <span className="profile-conversation__title">
                {conversation.title || conversation.preview || 'Untitled conversation'}
              </span>
              <span className="profile-conversation__meta">
                <StatusBadge status={conversation.status} />
                <span>{conversation.app_name}</span>
                <time dateTime={conversation.last_activity_at} title={formatDateTime(conversation.last_activity_at)}>
                  {formatRelativeTime(conversation.last_activity_at, now)}
                </time>
              </span>
            </Link>
          </li>
        ))}
      </ul>
      {conversations.hasNextPage ? (
        <LoadMoreButton pages={conversations} className="link-button">More conversations</LoadMoreButton>
      ) : null}
    </>
  );
}
