//! GET /contacts?q=&limit=&cursor=: the searchable, cursor-paginated contact list.
import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/api/client';
import type { ContactList } from '@/api/types';

export const CONTACTS_PAGE_SIZE = 30;

export type ContactsFilter = { q: string };

export const contactsQueryKeys = {
  all: ['contacts'] as const,
  list: (filter: ContactsFilter) => ['contacts', 'list', filter] as const,
};

export function getContacts(
  filter: ContactsFilter,
  cursor: string | null,
  signal?: AbortSignal,
): Promise<ContactList> {
  return unwrap(
    api.GET('/api/v1/contacts', {
      params: {
        query: {
          q: filter.q || undefined,
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
    queryKey: contactsQueryKeys.list(filter),
    queryFn: ({ pageParam, signal }) => getContacts(filter, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.next_cursor ?? null,
  });
}

export function useContacts(filter: ContactsFilter) {
  return useInfiniteQuery(contactsQueryOptions(filter));
}
