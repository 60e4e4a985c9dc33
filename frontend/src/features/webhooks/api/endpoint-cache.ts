//! Writes one endpoint into its app's cached list (added or replaced in place) or takes it out.
import type { QueryClient } from '@tanstack/react-query';
import type { WebhookEndpoint, WebhookEndpointList } from '@/api/types';
import { webhookKeys } from './query-keys';

export function putEndpoint(queryClient: QueryClient, appId: number, endpoint: WebhookEndpoint) {
  queryClient.setQueryData<WebhookEndpointList>(webhookKeys.list(appId), (list) => {
    if (!list) return list;
    const known = list.items.some((item) => item.id === endpoint.id);
    const items = known ? list.items.map((item) => (item.id === endpoint.id ? endpoint : item)) : [...list.items, endpoint];
    return { ...list, items };
  });
}

export function dropEndpoint(queryClient: QueryClient, appId: number, endpointId: number) {
  queryClient.setQueryData<WebhookEndpointList>(webhookKeys.list(appId), (list) =>
    list ? { ...list, items: list.items.filter((item) => item.id !== endpointId) } : list,
  );
  queryClient.removeQueries({ queryKey: webhookKeys.deliveries(appId, endpointId) });
}
