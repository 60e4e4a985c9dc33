//! POST /integrations/shopify/sync: "Sync now" (202 with the status, which then polls while syncing).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/api/client';
import type { ShopifyIntegration } from '@/api/types';
import { integrationKeys } from './query-keys';

export function syncShopify(): Promise<ShopifyIntegration> {
  return unwrap(api.POST('/api/v1/integrations/shopify/sync', {})) as Promise<ShopifyIntegration>;
}

export function useSyncShopify() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: syncShopify,
    onSuccess: (integration) => {
      queryClient.setQueryData(integrationKeys.shopify, integration);
      void queryClient.invalidateQueries({ queryKey: integrationKeys.shopify });
    },
  });
}
