//! Route `/contacts`: the contact list (with CSV import for owners and admins).
import { useCurrentMe } from '@/features/auth/hooks/use-current-me';
import { ContactsList } from '@/features/contacts/components/contacts-list';
import { useDocumentTitle } from '@/hooks/use-document-title';

export function ContactsRoute() {
  useDocumentTitle('Contacts');
  const { user } = useCurrentMe();
  return <ContactsList canImport={user.role === 'owner' || user.role === 'admin'} />;
}
