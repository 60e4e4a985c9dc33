//! POST …/deliveries/{delivery_id}/retry: "Retry now" (202 with the delivery; 409
//! `delivery_in_flight` while a worker is sending it). The log page is fetched again rather than
//! patched, so its polling picks the new attempt up.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/api/client';
import type { WebhookDelivery } from '@/api/types';
import { webhookKeys } from './query-keys';

export function retryWebhookDelivery(appId: number, endpointId: number, deliveryId: number): Promise<WebhookDelivery> {
  return unwrap(
    api.POST('/api/v1/apps/{id}/webhooks/{webhook_id}/deliveries/{delivery_id}/retry', {
      params: { path: { id: appId, webhook_id: endpointId, delivery_id: deliveryId } },
    }),
  ) as Promise<WebhookDelivery>;
}

export function useRetryWebhookDelivery(appId: number, endpointId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (deliveryId: number) => retryWebhookDelivery(appId, endpointId, deliveryId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: webhookKeys.deliveries(appId, endpointId) }),
  });
}
