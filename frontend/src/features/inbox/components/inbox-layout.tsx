//! The three-column inbox: apps + conversation list, the thread, and the contact sidebar.
import { EmptyState } from '@/components/ui/empty-state';
import { AppPicker } from './app-picker';
import { ChatIcon, InboxIcon, PersonIcon } from './icons';
import './inbox.css';

export function InboxLayout() {
  return (
    <div className="inbox">
      <aside className="inbox-column inbox-column--left" aria-label="Apps and conversations">
        <AppPicker />
        <section className="conversation-list" aria-labelledby="conversation-list-heading">
          <h2 id="conversation-list-heading" className="inbox-column__heading">
            Conversations
          </h2>
          <EmptyState title="No conversations yet" icon={<InboxIcon />}>
            <p>New conversations from this app will show up here.</p>
          </EmptyState>
        </section>
      </aside>
      <main className="inbox-column inbox-column--thread" aria-label="Conversation">
        <EmptyState title="No conversation open" icon={<ChatIcon />}>
          <p>Pick a conversation from the list to read and reply.</p>
        </EmptyState>
      </main>
      <aside className="inbox-column inbox-column--sidebar" aria-label="Contact details">
        <EmptyState title="Select a conversation" icon={<PersonIcon />}>
          <p>The contact's details, history and events appear here.</p>
        </EmptyState>
      </aside>
    </div>
  );
}
