//! Keeps the conversation list and the open thread current from the live stream.
import { useQueryClient } from '@tanstack/react-query';
import { useLiveChanges } from '@/hooks/use-live-changes';
import { conversationKeys } from '../api/query-keys';

export function useInboxLiveUpdates() {
  const queryClient = useQueryClient();
  useLiveChanges((event) => {
    if (event.type === 'resync') {
      void queryClient.invalidateQueries({ queryKey: conversationKeys.all });
      return;
    }
    const { kind, conversation_id: conversationId } = event.notice;
    if (kind === 'conversation') {
      void queryClient.invalidateQueries({ queryKey: conversationKeys.lists() });
      if (conversationId) {
        void queryClient.invalidateQueries({ queryKey: conversationKeys.detail(conversationId) });
        void queryClient.invalidateQueries({ queryKey: conversationKeys.messages(conversationId) });
      }
    } else if (kind === 'contact') {
      // Names and initials on the rows come from the contact.
      void queryClient.invalidateQueries({ queryKey: conversationKeys.lists() });
    }
  });
}
