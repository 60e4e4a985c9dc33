//! GET /apps/{id}/webhooks: the app's endpoints, oldest first (an app has at most 20, so one page).
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/api/client';
import type { WebhookEndpointList } from '@/api/types';
import { webhookKeys } from './query-keys';

export function getWebhooks(appId: number, signal?: AbortSignal): Promise<WebhookEndpointList> {
  return unwrap(api.GET('/api/v1/apps/{id}/webhooks', { params: { path: { id: appId } }, signal }));
}

/** `enabled: false` asks nothing (agents, who may not manage webhooks). */
export function useWebhooks(appId: number, enabled = true) {
  return useQuery({
    queryKey: webhookKeys.list(appId),
    queryFn: ({ signal }) => getWebhooks(appId, signal),
    enabled,
  });
}
