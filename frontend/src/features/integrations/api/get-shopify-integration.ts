//! GET /integrations/shopify: the connection's status (a 404 means "not connected", returned as null).
import { useQuery } from '@tanstack/react-query';
import { isApiError } from '@/api/api-error';
import { api, unwrap } from '@/api/client';
import type { ShopifyIntegration } from '@/api/types';
import { integrationKeys } from './query-keys';

export const SYNC_POLL_MS = 2_000;

export async function getShopifyIntegration(signal?: AbortSignal): Promise<ShopifyIntegration | null> {
  try {
    return await unwrap(api.GET('/api/v1/integrations/shopify', { signal }));
  } catch (error) {
    if (isApiError(error, 404)) return null;
    throw error;
  }
}

/** Polls every 2 s while a sync runs, and stops once it has finished. */
export function useShopifyIntegration(enabled = true) {
  return useQuery({
    queryKey: integrationKeys.shopify,
    queryFn: ({ signal }) => getShopifyIntegration(signal),
    enabled,
    refetchInterval: (query) => (query.state.data?.status === 'syncing' ? SYNC_POLL_MS : false),
  });
}
