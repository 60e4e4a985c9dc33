//! Routes `/` and `/conversations/:conversationId`: the inbox, with the contact sidebar for the open conversation.
import { lazy, Suspense } from 'react';
import { useParams } from 'react-router';
import { useCurrentMe } from '@/features/auth/hooks/use-current-me';
import { useSidebarCcEmails } from '@/features/contact-sidebar/api/get-sidebar';
import { SidebarHeaderLoading } from '@/features/contact-sidebar/components/sidebar-header';
import { InboxLayout } from '@/features/inbox/components/inbox-layout';
import { useOpenConversation } from '@/features/inbox/hooks/use-conversation-link';
import { useKnownContact } from '@/features/inbox/hooks/use-known-contact';
import { useDocumentTitle } from '@/hooks/use-document-title';
import { loadChunk } from '@/lib/load-chunk';

/*
 * The sidebar (its sections, drag and drop, pickers, chart) is its own chunk: the inbox paints
 * its list without it, and the chunk comes once, on the first open, then from the cache.
 */
const ContactSidebar = lazy(async () => ({
  default: (await loadChunk(() => import('@/features/contact-sidebar/components/contact-sidebar'))).ContactSidebar,
}));

export function InboxRoute() {
  const { conversationId = null } = useParams();
  const { user } = useCurrentMe();
  const openConversation = useOpenConversation();
  // The composer says who a reply is copied to, from the sidebar's data (no request of its own).
  const ccEmails = useSidebarCcEmails(conversationId);
  const knownContact = useKnownContact(conversationId);
  useDocumentTitle('Inbox');

  return (
    <InboxLayout
      conversationId={conversationId}
      userId={user.id}
      ccEmails={ccEmails}
      sidebar={
        conversationId ? (
          <Suspense
            fallback={
              // The sidebar's own loading state, while its code arrives on the first open.
              <div className="contact-sidebar" aria-busy="true">
                <SidebarHeaderLoading contact={knownContact} />
              </div>
            }
          >
            <ContactSidebar
              key={conversationId}
              conversationId={conversationId}
              userId={user.id}
              onOpenConversation={openConversation}
              canManageTags={user.role === 'owner' || user.role === 'admin'}
              knownContact={knownContact}
            />
          </Suspense>
        ) : null
      }
    />
  );
}
