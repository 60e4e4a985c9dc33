//! GET /contacts/{id}/conversations: the contact's whole history, past the sidebar's first ten.
import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/api/client';
import type { ConversationList } from '@/api/types';
import { sidebarKeys } from './query-keys';

export const HISTORY_PAGE_SIZE = 30;

export function getContactConversations(contactId: number, cursor: string | null, signal?: AbortSignal): Promise<ConversationList> {
  return unwrap(
    api.GET('/api/v1/contacts/{id}/conversations', {
      params: { path: { id: contactId }, query: { limit: HISTORY_PAGE_SIZE, cursor: cursor ?? undefined } },
      signal,
    }),
  );
}

export function contactConversationsQueryOptions(contactId: number) {
  return infiniteQueryOptions({
    queryKey: sidebarKeys.contactConversations(contactId),
    queryFn: ({ pageParam, signal }) => getContactConversations(contactId, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.next_cursor ?? null,
  });
}

/** Only fetched once the agent asks for more than the sidebar holds. */
export function useContactConversations(contactId: number, enabled: boolean) {
  return useInfiniteQuery({ ...contactConversationsQueryOptions(contactId), enabled });
}
