//! GET /contacts?q=&tag=&sort=&limit=&cursor=: the searchable, tag-filtered, cursor-paginated contact list.
import { infiniteQueryOptions, keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/api/client';
import type { ContactList } from '@/api/types';
import { contactKeys, type ContactsFilter } from './query-keys';

export const CONTACTS_PAGE_SIZE = 30;

export function getContacts(filter: ContactsFilter, cursor: string | null, signal?: AbortSignal): Promise<ContactList> {
  return unwrap(
    api.GET('/api/v1/contacts', {
      params: {
        query: {
          q: filter.q || undefined,
          tag: filter.tag || undefined,
          sort: filter.sort,
          limit: CONTACTS_PAGE_SIZE,
          cursor: cursor ?? undefined,
        },
      },
      signal,
    }),
  );
}

export function contactsQueryOptions(filter: ContactsFilter) {
  return infiniteQueryOptions({
    queryKey: contactKeys.list(filter),
    queryFn: ({ pageParam, signal }) => getContacts(filter, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.next_cursor ?? null,
    // Keep the previous results on screen while the next search loads (search-as-you-type).
    placeholderData: keepPreviousData,
  });
}

export function useContacts(filter: ContactsFilter) {
  return useInfiniteQuery(contactsQueryOptions(filter));
}
