//! The three-column inbox: apps + conversation list, the open thread, and the contact sidebar (a slot):
//! docked as a column on wide windows, a drawer over the thread on narrow ones, toggled from the thread.
import { useEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { useApps } from '@/api/apps';
import { EmptyState } from '@/components/ui/empty-state';
import { useConversation } from '../api/get-conversation';
import { useConversations } from '../api/get-conversations';
import { useGoneConversation, type GoneNotice } from '../hooks/use-gone-conversation';
import { useInboxLiveUpdates } from '../hooks/use-inbox-live-updates';
import { useSelectedApp } from '../hooks/use-selected-app';
import { useSidebarPanel } from '../hooks/use-sidebar-panel';
import { useStatusFilter } from '../hooks/use-status-filter';
import { AppPicker } from './app-picker';
import { ConversationList } from './conversation-list';
import { ConversationThread } from './conversation-thread';
import { ChatIcon, CloseIcon, PersonIcon } from './icons';
import './inbox.css';

const PANEL_ID = 'contact-panel';

type InboxLayoutProps = {
  conversationId: string | null;
  /** The signed-in user: whether the sidebar is shown is remembered per user. */
  userId: number;
  /** The contact sidebar for the open conversation, composed by the app layer. */
  sidebar?: ReactNode;
  /** The open conversation's CC addresses (the app layer reads them from the sidebar's data). */
  ccEmails?: readonly string[];
};

export function InboxLayout({ conversationId, userId, sidebar, ccEmails }: InboxLayoutProps) {
  const apps = useApps();
  const conversation = useConversation(conversationId);
  const { selected, select } = useSelectedApp(apps.data?.items, conversation.data?.app_id);
  const { status } = useStatusFilter();
  const list = useConversations(selected ? { appId: selected.id, status } : null);
  const gone = useGoneConversation(conversationId, conversation, list);
  const panel = useSidebarPanel(userId);
  const toggleRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLElement>(null);
  const focusPanel = useRef(false);
  useInboxLiveUpdates();

  const drawer = panel.mode === 'drawer';
  // A drawer only ever holds a conversation's contact; the docked column also shows its empty state.
  const shown = panel.open && (!drawer || conversationId !== null);

  useEffect(() => {
    // Opened from the toggle: the drawer takes focus, so Escape and Tab work inside it at once.
    if (shown && drawer && focusPanel.current) panelRef.current?.focus();
    focusPanel.current = false;
  }, [shown, drawer]);

  const toggle = () => {
    focusPanel.current = !shown;
    panel.setOpen(!shown);
  };
  const closeDrawer = () => {
    panel.setOpen(false);
    toggleRef.current?.focus();
  };
  const onDrawerKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    // Whatever inside handled Escape first (a picker, a drag, an edit) keeps it.
    if (event.key !== 'Escape' || event.defaultPrevented) return;
    event.preventDefault();
    closeDrawer();
  };

  const panelToggle = (
    <button
      ref={toggleRef}
      type="button"
      className="button button--small panel-toggle"
      aria-label="Contact panel"
      aria-expanded={shown}
      aria-controls={PANEL_ID}
      title={shown ? 'Hide the contact panel' : 'Show the contact panel'}
      onClick={toggle}
    >
      <PersonIcon />
      <span>Contact</span>
    </button>
  );

  return (
    <div className={`inbox${shown && !drawer ? ' inbox--docked' : ''}`}>
      <aside className="inbox-column inbox-column--left" aria-label="Apps and conversations">
        <AppPicker apps={apps} selectedId={selected?.id ?? null} onSelect={select} />
        <ConversationList appId={selected?.id ?? null} appsLoading={apps.isPending} selectedId={conversationId} />
      </aside>
      <main className="inbox-column inbox-column--thread" aria-label="Conversation">
        {gone.notice ? <Notice notice={gone.notice} onDismiss={gone.dismissNotice} /> : null}
        {conversationId ? (
          <ConversationThread
            key={conversationId}
            id={conversationId}
            headerAction={panelToggle}
            goneMessage={gone.message}
            ccEmails={ccEmails}
          />
        ) : (
          <EmptyState title="No conversation open" icon={<ChatIcon />}>
            <p>Pick a conversation from the list to read and reply.</p>
          </EmptyState>
        )}
      </main>
      {/* Escape closes the drawer from anywhere inside it. */}
      {/* oxlint-disable-next-line jsx-a11y/no-noninteractive-element-interactions */}
      <aside
        id={PANEL_ID}
        ref={panelRef}
        className={`inbox-column inbox-column--sidebar${drawer ? ' inbox-column--drawer' : ''}`}
        aria-label="Contact"
        hidden={!shown}
        tabIndex={drawer ? -1 : undefined}
        onKeyDown={drawer ? onDrawerKeyDown : undefined}
      >
        {drawer ? (
          <div className="inbox-drawer__bar">
            <span className="inbox-drawer__title">Contact</span>
            <button type="button" className="inbox-drawer__close" aria-label="Close contact panel" onClick={closeDrawer}>
              <CloseIcon />
            </button>
          </div>
        ) : null}
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
