//! GET /contacts/{id}/conversations: the contact's whole history, past the sidebar's first ten.
import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { getContactConversations } from '@/api/contact-lists';
import { sidebarKeys } from './query-keys';

export const HISTORY_PAGE_SIZE = 30;

export function contactConversationsQueryOptions(contactId: number) {
  return infiniteQueryOptions({
    queryKey: sidebarKeys.contactConversations(contactId),
    queryFn: ({ pageParam, signal }) => getContactConversations(contactId, { limit: HISTORY_PAGE_SIZE, cursor: pageParam }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.next_cursor ?? null,
  });
}

/** Only fetched once the agent asks for more than the sidebar holds. */
export function useContactConversations(contactId: number, enabled: boolean) {
  return useInfiniteQuery({ ...contactConversationsQueryOptions(contactId), enabled });
}
