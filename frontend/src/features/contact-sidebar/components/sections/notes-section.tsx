//! Notes: what agents wrote about the contact, newest first, starting from the sidebar's first ten;
//! a change refreshes every open sidebar of the contact at once (others hear it from the live stream).
import { useQueryClient } from '@tanstack/react-query';
import { NotesPanel } from '@/components/notes/notes-panel';
import { invalidateContact } from '../../api/query-keys';
import type { SectionProps } from './section-props';

export function NotesSection({ sidebar, now }: SectionProps) {
  const queryClient = useQueryClient();
  const contactId = sidebar.contact.id;
  return (
    <NotesPanel
      contactId={contactId}
      now={now}
      initial={sidebar.notes}
      onChanged={() => invalidateContact(queryClient, contactId)}
    />
  );
}
