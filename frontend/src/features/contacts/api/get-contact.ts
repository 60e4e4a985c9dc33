//! GET /contacts/{id}: one contact's profile.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/api/client';
import type { Contact } from '@/api/types';

export const contactQueryKey = (id: number) => ['contacts', 'detail', id] as const;

export function getContact(id: number, signal?: AbortSignal): Promise<Contact> {
  return unwrap(api.GET('/api/v1/contacts/{id}', { params: { path: { id } }, signal }));
}

export function contactQueryOptions(id: number) {
  return queryOptions({
    queryKey: contactQueryKey(id),
    queryFn: ({ signal }) => getContact(id, signal),
  });
}

export function useContact(id: number) {
  return useQuery(contactQueryOptions(id));
}
