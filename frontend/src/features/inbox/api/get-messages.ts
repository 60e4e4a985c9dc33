//! GET /conversations/{id}/messages?limit=&cursor=: the thread, oldest first, a page at a time.
import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/api/client';
import type { MessageList } from '@/api/types';
import { conversationKeys } from './query-keys';

export const MESSAGES_PAGE_SIZE = 50;
export const DELIVERY_POLL_MS = 2000;

export function hasQueuedDelivery(pages: readonly MessageList[] | undefined): boolean {
  return (pages ?? []).some((page) =>
    page.items.some((message) => message.deliveries.some((delivery) => delivery.status === 'queued')),
  );
}

export function getMessages(id: string, cursor: string | null, signal?: AbortSignal): Promise<MessageList> {
  return unwrap(
    api.GET('/api/v1/conversations/{id}/messages', {
      params: { path: { id }, query: { limit: MESSAGES_PAGE_SIZE, cursor: cursor ?? undefined } },
      signal,
    }),
  );
}

export function messagesQueryOptions(id: string) {
  return infiniteQueryOptions({
    queryKey: conversationKeys.messages(id),
    queryFn: ({ pageParam, signal }) => getMessages(id, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.next_cursor ?? null,
    // CC copies go out in the background: watch them until none is waiting.
    refetchInterval: (query) => (hasQueuedDelivery(query.state.data?.pages) ? DELIVERY_POLL_MS : false),
  });
}

export function useMessages(id: string) {
  return useInfiniteQuery(messagesQueryOptions(id));
}
