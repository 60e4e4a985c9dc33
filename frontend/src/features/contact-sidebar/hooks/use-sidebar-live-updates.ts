//! Keeps open sidebars current from the live stream: each notice refreshes only the sidebars it concerns.
import { useQueryClient } from '@tanstack/react-query';
import { useLiveChanges } from '@/hooks/use-live-changes';
import { tagKeys } from '@/components/tags/tag-library';
import { invalidateContact, invalidateConversation, sidebarKeys } from '../api/query-keys';

/** Notices about a contact: every sidebar showing them (any of their conversations) is affected. */
const CONTACT_KINDS = new Set(['contact', 'presence', 'events', 'contact_tags', 'notes']);
/** Notices about one conversation: its own sidebar, plus the history and summary of the contact's others. */
const CONVERSATION_KINDS = new Set(['conversation_tags', 'cc_emails', 'conversation']);

export function useSidebarLiveUpdates() {
  const queryClient = useQueryClient();
  useLiveChanges((event) => {
    if (event.type === 'resync') {
      void queryClient.invalidateQueries({ queryKey: sidebarKeys.all });
      void queryClient.invalidateQueries({ queryKey: tagKeys.all });
      return;
    }
    const { kind, contact_id: contactId, conversation_id: conversationId } = event.notice;
    if (kind === 'tags') {
      // A tag renamed, recoloured or deleted can show in any sidebar.
      void queryClient.invalidateQueries({ queryKey: tagKeys.all });
      void queryClient.invalidateQueries({ queryKey: sidebarKeys.details() });
      return;
    }
    if (CONTACT_KINDS.has(kind)) {
      // Without an id (a contact erased), any open sidebar may be the one gone.
      if (contactId) invalidateContact(queryClient, contactId);
      else void queryClient.invalidateQueries({ queryKey: sidebarKeys.details() });
    }
    if (CONVERSATION_KINDS.has(kind)) {
      if (conversationId) invalidateConversation(queryClient, conversationId);
      if (kind === 'conversation' && contactId) invalidateContact(queryClient, contactId);
    }
  });
}
