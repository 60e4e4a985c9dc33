//! The contact sidebar for the open conversation: header, then the sections in the user's saved layout.
import { isApiError } from '@/api/api-error';
import { EmptyState } from '@/components/ui/empty-state';
import { RetryAlert } from '@/components/ui/retry-alert';
import { useNow } from '@/hooks/use-now';
import { useSidebar } from '../api/get-sidebar';
import { useSidebarLayout } from '../hooks/use-sidebar-layout';
import { useSidebarLiveUpdates } from '../hooks/use-sidebar-live-updates';
import { SIDEBAR_SECTIONS, type SectionDefinition } from './sections/registry';
import type { OpenConversation } from './sections/section-props';
import { SidebarHeader, SidebarHeaderLoading, type KnownContact } from './sidebar-header';
import { SidebarSections } from './sidebar-sections';
import './contact-sidebar.css';

type ContactSidebarProps = {
  conversationId: string;
  /** The signed-in user: the layout is saved per user. */
  userId: number;
  onOpenConversation: OpenConversation;
  /** Owners and admins may change the tag library from the tag pickers. */
  canManageTags?: boolean;
  /** The section registry; tests pass their own. */
  sections?: readonly SectionDefinition[];
  /** Who the conversation is with, as the inbox already knows it: shown while the sidebar loads. */
  knownContact?: KnownContact | null;
};

const defaultIdsCache = new WeakMap<readonly SectionDefinition[], string[]>();
function defaultOrder(sections: readonly SectionDefinition[]): string[] {
  let ids = defaultIdsCache.get(sections);
  if (!ids) {
    ids = sections.map((section) => section.id);
    defaultIdsCache.set(sections, ids);
  }
  return ids;
}

export function ContactSidebar({
  conversationId,
  userId,
  onOpenConversation,
  canManageTags = false,
  sections = SIDEBAR_SECTIONS,
  knownContact = null,
}: ContactSidebarProps) {
  const sidebar = useSidebar(conversationId);
  const layout = useSidebarLayout(userId, defaultOrder(sections));
  const now = useNow(15_000);
  useSidebarLiveUpdates();

  // A 404 is final even after a good load: the conversation is gone (its contact deleted).
  const missing = isApiError(sidebar.error, 404) || isApiError(sidebar.error, 400);
  if (sidebar.isError && (!sidebar.data || missing)) {
    if (missing) {
      return <EmptyState title="No contact to show">This conversation was not found.</EmptyState>;
    }
    return (
      <div className="contact-sidebar contact-sidebar--error">
        <RetryAlert onRetry={sidebar.refetch}>
          Could not load the contact: {sidebar.error.message}
        </RetryAlert>
      </div>
    );
  }

  const data = sidebar.data?.sidebar;
  return (
    <div className="contact-sidebar" aria-busy={sidebar.isPending}>
      {data ? <SidebarHeader contact={data.contact} now={now} /> : <SidebarHeaderLoading contact={knownContact} />}
      {sidebar.isError && data ? (
        <div className="contact-sidebar__stale">
          <RetryAlert onRetry={sidebar.refetch}>
            Could not refresh; showing what was loaded before.
          </RetryAlert>
        </div>
      ) : null}
      <SidebarSections
        sections={sections}
        layout={layout.layout}
        collapsed={layout.collapsed}
        onToggle={layout.toggle}
        onMove={layout.move}
        sidebar={data}
        conversationId={conversationId}
        onOpenConversation={onOpenConversation}
        now={now}
        canManageTags={canManageTags}
      />
      <footer className="contact-sidebar__footer">
        <button type="button" className="link-button" onClick={layout.reset}>
          Reset layout
        </button>
      </footer>
    </div>
  );
}
