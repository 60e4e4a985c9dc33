//! One conversation in the list: who, when, what about; a link so it can be opened in a new tab too.
import { Link } from 'react-router';
import type { Conversation } from '@/api/types';
import { Avatar } from '@/components/ui/avatar';
import { StatusBadge } from '@/components/ui/status-badge';
import { formatRelativeTime } from '@/lib/format';
import { useConversationLink } from '../hooks/use-conversation-link';

type ConversationRowProps = { conversation: Conversation; selected: boolean; showStatus: boolean; now: Date };

export function ConversationRow({ conversation, selected, showStatus, now }: ConversationRowProps) {
  const link = useConversationLink();
  const { contact } = conversation;
  return (
    <li>
      <Link
        to={link(conversation.id)}
        className="conversation-row"
        aria-current={selected ? 'page' : undefined}
        data-conversation-id={conversation.id}
      >
        <span className="conversation-row__avatar">
          <Avatar initials={contact.initials} image={contact} size="md" />
          <span className={`conversation-row__presence presence__dot presence__dot--${contact.presence}`} aria-hidden="true" />
        </span>
        <span className="conversation-row__body">
          <span className="conversation-row__top">
            <span className="conversation-row__name">{contact.display_name}</span>
            <time className="conversation-row__time" dateTime={conversation.last_activity_at}>
              {formatRelativeTime(conversation.last_activity_at, now)}
            </time>
          </span>
          {conversation.title ? <span className="conversation-row__title">{conversation.title}</span> : null}
          <span className="conversation-row__preview">
            {showStatus ? <StatusBadge status={conversation.status} /> : null}
            <span className="conversation-row__preview-text">{conversation.preview ?? ''}</span>
          </span>
        </span>
      </Link>
    </li>
  );
}
