//! GET /contacts/{id}/conversations: every conversation of the contact (in apps the agent may see), a page at a time.
import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { getContactConversations } from '@/api/contact-lists';
import { contactKeys } from './query-keys';

export const PROFILE_CONVERSATIONS_PAGE_SIZE = 10;

export function profileConversationsQueryOptions(contactId: number) {
  return infiniteQueryOptions({
    queryKey: contactKeys.conversations(contactId),
    queryFn: ({ pageParam, signal }) =>
      getContactConversations(contactId, { limit: PROFILE_CONVERSATIONS_PAGE_SIZE, cursor: pageParam }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.next_cursor ?? null,
  });
}

export function useProfileConversations(contactId: number) {
  return useInfiniteQuery(profileConversationsQueryOptions(contactId));
}
