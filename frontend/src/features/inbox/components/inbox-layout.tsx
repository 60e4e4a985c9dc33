//! The three-column inbox: apps + conversation list, the open thread, and the contact sidebar (a slot).
import type { ReactNode } from 'react';
import { EmptyState } from '@/components/ui/empty-state';
import { useApps } from '../api/get-apps';
import { useConversation } from '../api/get-conversation';
import { useConversations } from '../api/get-conversations';
import { useGoneConversation, type GoneNotice } from '../hooks/use-gone-conversation';
import { useInboxLiveUpdates } from '../hooks/use-inbox-live-updates';
import { useSelectedApp } from '../hooks/use-selected-app';
import { useStatusFilter } from '../hooks/use-status-filter';
import { AppPicker } from './app-picker';
import { ConversationList } from './conversation-list';
import { ConversationThread } from './conversation-thread';
import { ChatIcon, PersonIcon } from './icons';
import './inbox.css';

type InboxLayoutProps = {
  conversationId: string | null;
  /** The contact sidebar for the open conversation, composed by the app layer. */
  sidebar?: ReactNode;
  /** The open conversation's CC addresses (the app layer reads them from the sidebar's data). */
  ccEmails?: readonly string[];
};

export function InboxLayout({ conversationId, sidebar, ccEmails }: InboxLayoutProps) {
  const apps = useApps();
  const conversation = useConversation(conversationId);
  const { selected, select } = useSelectedApp(apps.data?.items, conversation.data?.app_id);
  const { status } = useStatusFilter();
  const list = useConversations(selected ? { appId: selected.id, status } : null);
  const gone = useGoneConversation(conversationId, conversation, list);
  useInboxLiveUpdates();

  return (
    <div className="inbox">
      <aside className="inbox-column inbox-column--left" aria-label="Apps and conversations">
        <AppPicker apps={apps} selectedId={selected?.id ?? null} onSelect={select} />
        <ConversationList appId={selected?.id ?? null} appsLoading={apps.isPending} selectedId={conversationId} />
      </aside>
      <main className="inbox-column inbox-column--thread" aria-label="Conversation">
        {gone.notice ? <Notice notice={gone.notice} onDismiss={gone.dismissNotice} /> : null}
        {conversationId ? (
          <ConversationThread key={conversationId} id={conversationId} goneMessage={gone.message} ccEmails={ccEmails} />
        ) : (
          <EmptyState title="No conversation open" icon={<ChatIcon />}>
            <p>Pick a conversation from the list to read and reply.</p>
          </EmptyState>
        )}
      </main>
      <aside className="inbox-column inbox-column--sidebar" aria-label="Contact">
        {gone.isGone ? (
          <EmptyState title={gone.contactDeleted ? 'Contact deleted' : 'No contact to show'} icon={<PersonIcon />}>
            <p>{gone.message ?? 'This conversation is no longer available.'}</p>
          </EmptyState>
        ) : conversationId && sidebar ? (
          sidebar
        ) : (
          <EmptyState title="Select a conversation" icon={<PersonIcon />}>
            <p>The contact's details, history and events appear here.</p>
          </EmptyState>
        )}
      </aside>
    </div>
  );
}

function Notice({ notice, onDismiss }: { notice: GoneNotice; onDismiss: () => void }) {
  return (
    <div className="inbox-notice" role="status">
      <span className="inbox-notice__text">{notice.text}</span>
      <button type="button" className="button button--small" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  );
}
