//! Route `/contacts`: the contact list.
import { ContactsList } from '@/features/contacts/components/contacts-list';
import { useDocumentTitle } from '@/hooks/use-document-title';

export function ContactsRoute() {
  useDocumentTitle('Contacts');
  return <ContactsList />;
}
