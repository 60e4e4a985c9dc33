//! GET /contacts/{id}/events: the contact's timeline, newest first, past the sidebar's ten.
import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { getContactEvents } from '@/api/contact-lists';
import { sidebarKeys } from './query-keys';

export const EVENTS_PAGE_SIZE = 30;

export function contactEventsQueryOptions(contactId: number) {
  return infiniteQueryOptions({
    queryKey: sidebarKeys.contactEvents(contactId),
    queryFn: ({ pageParam, signal }) => getContactEvents(contactId, { limit: EVENTS_PAGE_SIZE, cursor: pageParam }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.next_cursor ?? null,
  });
}

/** Only fetched once the agent asks for more than the sidebar holds. */
export function useContactEvents(contactId: number, enabled: boolean) {
  return useInfiniteQuery({ ...contactEventsQueryOptions(contactId), enabled });
}
