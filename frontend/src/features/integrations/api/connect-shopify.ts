//! PUT /integrations/shopify: connects or reconnects (422 `details.fields` per field).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/api/client';
import type { ShopifyConnect, ShopifyIntegration } from '@/api/types';
import { integrationKeys } from './query-keys';

export function connectShopify(body: ShopifyConnect): Promise<ShopifyIntegration> {
  return unwrap(api.PUT('/api/v1/integrations/shopify', { body }));
}

export function useConnectShopify() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: connectShopify,
    onSuccess: (integration) => queryClient.setQueryData(integrationKeys.shopify, integration),
  });
}
