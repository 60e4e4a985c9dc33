//! POST /conversations/{id}/messages: a reply (`outgoing`, copied to the CC addresses) or a private note.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ApiError } from '@/api/api-error';
import { api, unwrap } from '@/api/client';
import type { AgentMessageType, Message } from '@/api/types';
import { conversationKeys } from './query-keys';

export type NewMessage = { type: AgentMessageType; content: string };

export function postMessage(conversationId: string, body: NewMessage): Promise<Message> {
  return unwrap(api.POST('/api/v1/conversations/{id}/messages', { params: { path: { id: conversationId } }, body }));
}

/** The thread, its header and the lists (order and preview) all change with a new message. */
export function invalidateConversationViews(queryClient: ReturnType<typeof useQueryClient>, conversationId: string) {
  void queryClient.invalidateQueries({ queryKey: conversationKeys.messages(conversationId) });
  void queryClient.invalidateQueries({ queryKey: conversationKeys.detail(conversationId) });
  void queryClient.invalidateQueries({ queryKey: conversationKeys.lists() });
}

export function usePostMessage(conversationId: string) {
  const queryClient = useQueryClient();
  return useMutation<Message, ApiError, NewMessage>({
    mutationFn: (body) => postMessage(conversationId, body),
    onSuccess: () => invalidateConversationViews(queryClient, conversationId),
  });
}
