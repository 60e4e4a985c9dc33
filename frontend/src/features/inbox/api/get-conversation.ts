//! GET /conversations/{id}: the open conversation's header (title, contact, app, status).
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/api/client';
import type { Conversation } from '@/api/types';
import { conversationKeys } from './query-keys';

export function getConversation(id: string, signal?: AbortSignal): Promise<Conversation> {
  return unwrap(api.GET('/api/v1/conversations/{id}', { params: { path: { id } }, signal }));
}

export function conversationQueryOptions(id: string) {
  return queryOptions({
    queryKey: conversationKeys.detail(id),
    queryFn: ({ signal }) => getConversation(id, signal),
  });
}

export function useConversation(id: string | null) {
  return useQuery({ ...conversationQueryOptions(id ?? ''), enabled: id !== null });
}
