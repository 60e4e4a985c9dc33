//! DELETE /integrations/shopify: disconnects (204), forgetting the token and every synced merchant.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/api/client';
import { integrationKeys } from './query-keys';

export async function disconnectShopify(): Promise<void> {
  await unwrap(api.DELETE('/api/v1/integrations/shopify', {}));
}

export function useDisconnectShopify() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: disconnectShopify,
    onSuccess: () => queryClient.setQueryData(integrationKeys.shopify, null),
  });
}
