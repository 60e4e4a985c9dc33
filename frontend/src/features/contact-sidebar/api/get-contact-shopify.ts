//! GET /contacts/{id}/shopify: the contact as a merchant, with lifecycle events (for the MRR chart).
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/api/client';
import type { ContactShopify } from '@/api/types';
import { sidebarKeys } from './query-keys';

export function getContactShopify(contactId: number, signal?: AbortSignal): Promise<ContactShopify> {
  return unwrap(api.GET('/api/v1/contacts/{id}/shopify', { params: { path: { id: contactId } }, signal }));
}

export function contactShopifyQueryOptions(contactId: number) {
  return queryOptions({
    queryKey: sidebarKeys.contactShopify(contactId),
    queryFn: ({ signal }) => getContactShopify(contactId, signal),
    staleTime: 60_000,
  });
}

/** Mounted only while the Shopify section is expanded, so a collapsed section costs nothing. */
export function useContactShopify(contactId: number) {
  return useQuery(contactShopifyQueryOptions(contactId));
}
