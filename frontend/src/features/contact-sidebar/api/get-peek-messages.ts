//! GET /conversations/{id}/messages, read to the end: the last few messages of a past conversation.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/api/client';
import type { Message } from '@/api/types';
import { sidebarKeys } from './query-keys';

export const PEEK_COUNT = 3;
const PAGE_SIZE = 100;
/** Messages come oldest first; past this many pages the peek shows what it has rather than keep paging. */
const MAX_PAGES = 5;

export async function getLastMessages(conversationId: string, signal?: AbortSignal): Promise<Message[]> {
  let cursor: string | undefined;
  let tail: Message[] = [];
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const list = await unwrap(
      api.GET('/api/v1/conversations/{id}/messages', {
        params: { path: { id: conversationId }, query: { limit: PAGE_SIZE, cursor } },
        signal,
      }),
    );
    tail = [...tail, ...list.items].slice(-PEEK_COUNT);
    if (!list.next_cursor) break;
    cursor = list.next_cursor;
  }
  return tail;
}

export function peekQueryOptions(conversationId: string) {
  return queryOptions({
    queryKey: sidebarKeys.peek(conversationId),
    queryFn: ({ signal }) => getLastMessages(conversationId, signal),
  });
}

export function usePeekMessages(conversationId: string) {
  return useQuery(peekQueryOptions(conversationId));
}
