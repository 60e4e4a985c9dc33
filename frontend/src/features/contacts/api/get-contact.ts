//! GET /contacts/{id}: one contact's full profile (the contact, custom data per app, tags, counts).
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/api/client';
import type { ContactProfile } from '@/api/types';
import { contactKeys } from './query-keys';

export function getContact(id: number, signal?: AbortSignal): Promise<ContactProfile> {
  return unwrap(api.GET('/api/v1/contacts/{id}', { params: { path: { id } }, signal }));
}

export function contactQueryOptions(id: number) {
  return queryOptions({
    queryKey: contactKeys.detail(id),
    queryFn: ({ signal }) => getContact(id, signal),
  });
}

export function useContact(id: number) {
  return useQuery(contactQueryOptions(id));
}
