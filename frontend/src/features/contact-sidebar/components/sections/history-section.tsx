//! Conversation history: the contact's conversations in every app the agent may see, newest first.
import type { Conversation } from '@/api/types';
import { useState } from 'react';
import { useRovingFocus } from '@/hooks/use-roving-focus';
import { useContactConversations } from '../../api/get-contact-conversations';
import { HistoryRow, type HistoryRowData } from './history-row';
import type { SectionProps } from './section-props';
import { ShowMore } from './show-more';

function toRow(conversation: Conversation, currentId: string): HistoryRowData {
  return {
    id: conversation.id,
    app_id: conversation.app_id,
    app_name: conversation.app_name,
    status: conversation.status,
    title: conversation.title,
    summary: conversation.summary || conversation.preview || '',
    last_activity_at: conversation.last_activity_at,
    is_current: conversation.id === currentId,
  };
}

export function HistorySection({ sidebar, conversationId, onOpenConversation, now }: SectionProps) {
  const { history } = sidebar;
  const [expanded, setExpanded] = useState(false);
  const all = useContactConversations(sidebar.contact.id, expanded);
  const rows: HistoryRowData[] =
    expanded && all.data ? all.data.pages.flatMap((page) => page.items.map((item) => toRow(item, conversationId))) : history.items;
  // One Tab stop for the list: Up/Down between rows, Left/Right between a row's card and its peek.
  const rovingRef = useRovingFocus<HTMLUListElement>({ items: 'button.sidebar-card, .history-row__peek' });

  return (
    <>
      {rows.length === 0 ? <p className="sidebar-empty">No conversations.</p> : null}
      <ul className="history-list" ref={rovingRef}>
        {rows.map((item) => (
          <HistoryRow key={item.id} item={item} onOpenConversation={onOpenConversation} now={now} />
        ))}
      </ul>
      <ShowMore
        what="conversations"
        full={all}
        expanded={expanded}
        onExpand={() => setExpanded(true)}
        sidebarHasMore={history.has_more}
      />
      {history.hidden_count > 0 ? (
        <p className="sidebar-caption">
          {history.hidden_count === 1
            ? '1 more conversation is in an app you don’t have access to.'
            : `${history.hidden_count} more conversations are in apps you don’t have access to.`}
        </p>
      ) : null}
    </>
  );
}
