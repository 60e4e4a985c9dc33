//! GET /contacts/{id}/events: the contact's timeline, newest first, past the sidebar's ten.
import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/api/client';
import type { ContactEventList } from '@/api/types';
import { sidebarKeys } from './query-keys';

export const EVENTS_PAGE_SIZE = 30;

export function getContactEvents(contactId: number, cursor: string | null, signal?: AbortSignal): Promise<ContactEventList> {
  return unwrap(
    api.GET('/api/v1/contacts/{id}/events', {
      params: { path: { id: contactId }, query: { limit: EVENTS_PAGE_SIZE, cursor: cursor ?? undefined } },
      signal,
    }),
  );
}

export function contactEventsQueryOptions(contactId: number) {
  return infiniteQueryOptions({
    queryKey: sidebarKeys.contactEvents(contactId),
    queryFn: ({ pageParam, signal }) => getContactEvents(contactId, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.next_cursor ?? null,
  });
}

/** Only fetched once the agent asks for more than the sidebar holds. */
export function useContactEvents(contactId: number, enabled: boolean) {
  return useInfiniteQuery({ ...contactEventsQueryOptions(contactId), enabled });
}
