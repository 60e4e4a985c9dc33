//! GET /conversations?app_id=&status=&limit=&cursor=: one app's conversations, newest activity first.
import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/api/client';
import type { ConversationList } from '@/api/types';
import { conversationKeys, type ConversationFilter } from './query-keys';

export const CONVERSATIONS_PAGE_SIZE = 30;
/**
 * A presence dot also goes grey with time alone (no heartbeat for 60 s sends no notice), so the
 * list is asked again this often, like the sidebar.
 */
export const CONVERSATIONS_REFRESH_MS = 30_000;

export function getConversations(
  filter: ConversationFilter,
  cursor: string | null,
  signal?: AbortSignal,
): Promise<ConversationList> {
  return unwrap(
    api.GET('/api/v1/conversations', {
      params: {
        query: {
          app_id: filter.appId,
          status: filter.status === 'all' ? undefined : filter.status,
          limit: CONVERSATIONS_PAGE_SIZE,
          cursor: cursor ?? undefined,
        },
      },
      signal,
    }),
  );
}

export function conversationsQueryOptions(filter: ConversationFilter) {
  return infiniteQueryOptions({
    queryKey: conversationKeys.list(filter),
    queryFn: ({ pageParam, signal }) => getConversations(filter, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.next_cursor ?? null,
    refetchInterval: CONVERSATIONS_REFRESH_MS,
  });
}

export function useConversations(filter: ConversationFilter | null) {
  return useInfiniteQuery({
    ...conversationsQueryOptions(filter ?? { appId: 0, status: 'all' }),
    enabled: filter !== null,
  });
}
