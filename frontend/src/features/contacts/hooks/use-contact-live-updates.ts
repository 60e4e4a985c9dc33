//! Keeps an open profile (and the contact list) current from the live stream: edits made in a sidebar show here.
import { useQueryClient } from '@tanstack/react-query';
import { noteKeys } from '@/components/notes/notes-api';
import { useLiveChanges } from '@/hooks/use-live-changes';
import { contactKeys } from '../api/query-keys';

const CONTACT_KINDS = new Set(['contact', 'presence', 'contact_tags']);

export function useContactLiveUpdates(contactId: number | null) {
  const queryClient = useQueryClient();
  useLiveChanges((event) => {
    if (event.type === 'resync') {
      void queryClient.invalidateQueries({ queryKey: contactKeys.all });
      void queryClient.invalidateQueries({ queryKey: noteKeys.all });
      return;
    }
    const { kind, contact_id: changed } = event.notice;
    if (kind === 'contact') void queryClient.invalidateQueries({ queryKey: contactKeys.lists() });
    if (contactId === null || (changed != null && changed !== contactId)) return;
    if (CONTACT_KINDS.has(kind)) void queryClient.invalidateQueries({ queryKey: contactKeys.detail(contactId) });
    if (kind === 'notes') void queryClient.invalidateQueries({ queryKey: noteKeys.contact(contactId) });
    if (kind === 'events') void queryClient.invalidateQueries({ queryKey: contactKeys.events(contactId) });
    if (kind === 'conversation') void queryClient.invalidateQueries({ queryKey: contactKeys.conversations(contactId) });
    if (kind === 'tags') void queryClient.invalidateQueries({ queryKey: contactKeys.detail(contactId) });
  });
}
