//! Route `/`: the inbox.
import { InboxLayout } from '@/features/inbox/components/inbox-layout';
import { useDocumentTitle } from '@/hooks/use-document-title';

export function InboxRoute() {
  useDocumentTitle('Inbox');
  return <InboxLayout />;
}
