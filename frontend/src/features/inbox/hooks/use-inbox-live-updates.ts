//! Keeps the conversation list and the open thread current from the live stream.
import { useQueryClient, type InfiniteData, type Query } from '@tanstack/react-query';
import type { Conversation, ConversationList } from '@/api/types';
import { useLiveChanges } from '@/hooks/use-live-changes';
import { conversationKeys } from '../api/query-keys';

/** Whether a cached list shows a row of this contact (their name, initials or presence dot). */
function listShowsContact(query: Query, contactId: number): boolean {
  const data = query.state.data as InfiniteData<ConversationList> | undefined;
  return data?.pages.some((page) => page.items.some((row) => row.contact.id === contactId)) ?? false;
}

export function useInboxLiveUpdates() {
  const queryClient = useQueryClient();
  useLiveChanges((event) => {
    if (event.type === 'resync') {
      void queryClient.invalidateQueries({ queryKey: conversationKeys.all });
      return;
    }
    const { kind, conversation_id: conversationId, contact_id: contactId } = event.notice;
    if (kind === 'conversation') {
      void queryClient.invalidateQueries({ queryKey: conversationKeys.lists() });
      if (conversationId) {
        void queryClient.invalidateQueries({ queryKey: conversationKeys.detail(conversationId) });
        void queryClient.invalidateQueries({ queryKey: conversationKeys.messages(conversationId) });
      }
    } else if (kind === 'presence' && contactId) {
      // Heartbeats arrive every 15 s per visitor: only lists showing that visitor are asked again.
      void queryClient.invalidateQueries({
        queryKey: conversationKeys.lists(),
        predicate: (query) => listShowsContact(query, contactId),
      });
    } else if (kind === 'contact') {
      // Names and initials on the rows and the thread's header come from the contact. A notice
      // without an id is an erasure: the open conversation may be gone with its contact.
      void queryClient.invalidateQueries({ queryKey: conversationKeys.lists() });
      void queryClient.invalidateQueries({
        queryKey: conversationKeys.details(),
        predicate: (query) =>
          !contactId || (query.state.data as Conversation | undefined)?.contact.id === contactId,
      });
    }
  });
}
