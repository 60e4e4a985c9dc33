//! Route `/contacts`: the contact list; owners and admins may export it and import a CSV.
import { useCurrentMe } from '@/features/auth/hooks/use-current-me';
import { ContactsList } from '@/features/contacts/components/contacts-list';
import { useDocumentTitle } from '@/hooks/use-document-title';

export function ContactsRoute() {
  const { user } = useCurrentMe();
  useDocumentTitle('Contacts');
  const manages = user.role === 'owner' || user.role === 'admin';
  return <ContactsList canExport={manages} canImport={manages} />;
}
