//! Route `/contacts/:id`: one contact's profile; a non-numeric id is simply "not found". Owners and admins may delete.
import { useParams } from 'react-router';
import { useCurrentMe } from '@/features/auth/hooks/use-current-me';
import { ContactProfile } from '@/features/contacts/components/contact-profile';
import { useDocumentTitle } from '@/hooks/use-document-title';

function parseContactId(raw: string | undefined): number | null {
  if (!raw || !/^\d{1,15}$/.test(raw)) return null;
  const id = Number(raw);
  return id > 0 ? id : null;
}

export function ContactRoute() {
  const { id } = useParams();
  const { user } = useCurrentMe();
  useDocumentTitle('Contact');
  return <ContactProfile key={id} contactId={parseContactId(id)} canDelete={user.role === 'owner' || user.role === 'admin'} />;
}
