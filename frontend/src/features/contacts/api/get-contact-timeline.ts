//! GET /contacts/{id}/events?name=: the complete event timeline, newest first, cursor-paginated.
import { infiniteQueryOptions, keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { getContactEvents } from '@/api/contact-lists';
import { contactKeys } from './query-keys';

/** The API's largest page, so the 90-day chart fills in with few requests. */
export const TIMELINE_PAGE_SIZE = 100;

export function timelineQueryOptions(contactId: number, name: string) {
  return infiniteQueryOptions({
    queryKey: contactKeys.eventsByName(contactId, name),
    queryFn: ({ pageParam, signal }) =>
      getContactEvents(contactId, { limit: TIMELINE_PAGE_SIZE, cursor: pageParam, name }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.next_cursor ?? null,
    placeholderData: keepPreviousData,
  });
}

export function useTimeline(contactId: number, name: string) {
  return useInfiniteQuery(timelineQueryOptions(contactId, name));
}
