//! POST /apps/{id}/webhooks/{webhook_id}/test: queues a sample `message.received` (202 with the delivery).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/api/client';
import type { WebhookDelivery } from '@/api/types';
import { webhookKeys } from './query-keys';

export function sendTestWebhook(appId: number, endpointId: number): Promise<WebhookDelivery> {
  return unwrap(
    api.POST('/api/v1/apps/{id}/webhooks/{webhook_id}/test', { params: { path: { id: appId, webhook_id: endpointId } } }),
  ) as Promise<WebhookDelivery>;
}

export function useSendTestWebhook(appId: number, endpointId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => sendTestWebhook(appId, endpointId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: webhookKeys.deliveries(appId, endpointId) }),
  });
}
