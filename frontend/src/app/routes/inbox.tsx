//! Routes `/` and `/conversations/:conversationId`: the inbox, with the contact sidebar for the open conversation.
import { useParams } from 'react-router';
import { useCurrentMe } from '@/features/auth/hooks/use-current-me';
import { ContactSidebar } from '@/features/contact-sidebar/components/contact-sidebar';
import { InboxLayout } from '@/features/inbox/components/inbox-layout';
import { useOpenConversation } from '@/features/inbox/hooks/use-conversation-link';
import { useDocumentTitle } from '@/hooks/use-document-title';

export function InboxRoute() {
  const { conversationId = null } = useParams();
  const { user } = useCurrentMe();
  const openConversation = useOpenConversation();
  useDocumentTitle('Inbox');

  return (
    <InboxLayout
      conversationId={conversationId}
      userId={user.id}
      sidebar={
        conversationId ? (
          <ContactSidebar
            key={conversationId}
            conversationId={conversationId}
            userId={user.id}
            onOpenConversation={openConversation}
            canManageTags={user.role === 'owner' || user.role === 'admin'}
          />
        ) : null
      }
    />
  );
}
