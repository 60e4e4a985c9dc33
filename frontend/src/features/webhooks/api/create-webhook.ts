//! POST /apps/{id}/webhooks: adds an endpoint (201 with its signing secret; 422 `details.fields`).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/api/client';
import type { CreatedWebhookEndpoint, NewWebhookEndpoint } from '@/api/types';
import { webhookKeys } from './query-keys';
import { putEndpoint } from './endpoint-cache';

export function createWebhook(appId: number, body: NewWebhookEndpoint): Promise<CreatedWebhookEndpoint> {
  return unwrap(api.POST('/api/v1/apps/{id}/webhooks', { params: { path: { id: appId } }, body }));
}

export function useCreateWebhook(appId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: NewWebhookEndpoint) => createWebhook(appId, body),
    onSuccess: ({ secret: _secret, ...endpoint }) => {
      // The secret is shown once by the card that asked for it, never kept in the cache.
      putEndpoint(queryClient, appId, endpoint);
      void queryClient.invalidateQueries({ queryKey: webhookKeys.list(appId) });
    },
  });
}
