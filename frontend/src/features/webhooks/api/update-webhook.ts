//! PATCH /apps/{id}/webhooks/{webhook_id}: URL, topics, description or enabled (turning it on clears `disabled_reason`).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/api/client';
import type { WebhookEndpoint, WebhookEndpointPatch } from '@/api/types';
import { putEndpoint } from './endpoint-cache';

export function updateWebhook(appId: number, endpointId: number, body: WebhookEndpointPatch): Promise<WebhookEndpoint> {
  return unwrap(
    api.PATCH('/api/v1/apps/{id}/webhooks/{webhook_id}', { params: { path: { id: appId, webhook_id: endpointId } }, body }),
  );
}

export function useUpdateWebhook(appId: number, endpointId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: WebhookEndpointPatch) => updateWebhook(appId, endpointId, body),
    onSuccess: (endpoint) => putEndpoint(queryClient, appId, endpoint),
  });
}
