//! The three-column inbox: apps + conversation list, the open thread, and the contact sidebar (a slot).
import type { ReactNode } from 'react';
import { EmptyState } from '@/components/ui/empty-state';
import { useApps } from '../api/get-apps';
import { useConversation } from '../api/get-conversation';
import { useInboxLiveUpdates } from '../hooks/use-inbox-live-updates';
import { useSelectedApp } from '../hooks/use-selected-app';
import { AppPicker } from './app-picker';
import { ConversationList } from './conversation-list';
import { ConversationThread } from './conversation-thread';
import { ChatIcon, PersonIcon } from './icons';
import './inbox.css';

type InboxLayoutProps = {
  conversationId: string | null;
  /** The contact sidebar for the open conversation, composed by the app layer. */
  sidebar?: ReactNode;
};

export function InboxLayout({ conversationId, sidebar }: InboxLayoutProps) {
  const apps = useApps();
  const conversation = useConversation(conversationId);
  const { selected, select } = useSelectedApp(apps.data?.items, conversation.data?.app_id);
  useInboxLiveUpdates();

  return (
    <div className="inbox">
      <aside className="inbox-column inbox-column--left" aria-label="Apps and conversations">
        <AppPicker apps={apps} selectedId={selected?.id ?? null} onSelect={select} />
        <ConversationList appId={selected?.id ?? null} appsLoading={apps.isPending} selectedId={conversationId} />
      </aside>
      <main className="inbox-column inbox-column--thread" aria-label="Conversation">
        {conversationId ? (
          <ConversationThread key={conversationId} id={conversationId} />
        ) : (
          <EmptyState title="No conversation open" icon={<ChatIcon />}>
            <p>Pick a conversation from the list to read and reply.</p>
          </EmptyState>
        )}
      </main>
      <aside className="inbox-column inbox-column--sidebar" aria-label="Contact">
        {conversationId && sidebar ? (
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
