//! DELETE /apps/{id}/webhooks/{webhook_id}: the endpoint and its delivery log are gone (204).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/api/client';
import { dropEndpoint } from './endpoint-cache';

export async function deleteWebhook(appId: number, endpointId: number): Promise<void> {
  await unwrap(api.DELETE('/api/v1/apps/{id}/webhooks/{webhook_id}', { params: { path: { id: appId, webhook_id: endpointId } } }));
}

export function useDeleteWebhook(appId: number, endpointId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => deleteWebhook(appId, endpointId),
    onSuccess: () => dropEndpoint(queryClient, appId, endpointId),
  });
}
