//! GET /apps/{id}/webhooks/{webhook_id}/deliveries: the delivery log, newest first, in keyset pages,
//! polled while a message waits to be sent soon.
import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/api/client';
import type { WebhookDelivery, WebhookDeliveryList } from '@/api/types';
import { webhookKeys } from './query-keys';

export const DELIVERIES_PAGE_SIZE = 20;
/** A message due now or shortly: the worker sends it within a second or so. */
export const DUE_POLL_MS = 1_500;
/** Only later retries pending: the log still catches up without asking every second. */
export const LATER_POLL_MS = 30_000;
const SOON_MS = 15_000;

export function getWebhookDeliveries(
  appId: number,
  endpointId: number,
  cursor: string | null,
  signal?: AbortSignal,
): Promise<WebhookDeliveryList> {
  return unwrap(
    api.GET('/api/v1/apps/{id}/webhooks/{webhook_id}/deliveries', {
      params: {
        path: { id: appId, webhook_id: endpointId },
        query: { limit: DELIVERIES_PAGE_SIZE, ...(cursor ? { cursor } : {}) },
      },
      signal,
    }),
  );
}

/** How soon to look again: often while a pending message is due soon, rarely for later retries, never when all are settled. */
export function pollInterval(deliveries: WebhookDelivery[], now: number): number | false {
  const pending = deliveries.filter((delivery) => delivery.status === 'pending');
  if (pending.length === 0) return false;
  const dueSoon = pending.some(
    (delivery) => !delivery.next_attempt_at || new Date(delivery.next_attempt_at).getTime() - now < SOON_MS,
  );
  return dueSoon ? DUE_POLL_MS : LATER_POLL_MS;
}

export function webhookDeliveriesQueryOptions(appId: number, endpointId: number) {
  return infiniteQueryOptions({
    queryKey: webhookKeys.deliveries(appId, endpointId),
    queryFn: ({ pageParam, signal }) => getWebhookDeliveries(appId, endpointId, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.next_cursor ?? null,
  });
}

export function useWebhookDeliveries(appId: number, endpointId: number) {
  return useInfiniteQuery({
    ...webhookDeliveriesQueryOptions(appId, endpointId),
    refetchInterval: (query) => pollInterval(query.state.data?.pages.flatMap((page) => page.items) ?? [], Date.now()),
  });
}
