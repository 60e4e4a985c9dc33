//! POST /conversations/{id}/status: resolve, reopen or mark pending; the server adds an activity message.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ApiError } from '@/api/api-error';
import { api, unwrap } from '@/api/client';
import type { Conversation, ConversationStatus } from '@/api/types';
import { invalidateConversationViews } from './post-message';
import { conversationKeys } from './query-keys';

export function changeStatus(conversationId: string, status: ConversationStatus): Promise<Conversation> {
  return unwrap(
    api.POST('/api/v1/conversations/{id}/status', { params: { path: { id: conversationId } }, body: { status } }),
  );
}

export function useChangeStatus(conversationId: string) {
  const queryClient = useQueryClient();
  return useMutation<Conversation, ApiError, ConversationStatus>({
    mutationFn: (status) => changeStatus(conversationId, status),
    onSuccess: (conversation) => {
      queryClient.setQueryData(conversationKeys.detail(conversationId), conversation);
      invalidateConversationViews(queryClient, conversationId);
    },
  });
}
