//! GET (reveal) and POST (rotate) /apps/{id}/webhooks/{webhook_id}/secret. Both are actions the
//! owner asks for, so they are mutations: the secret lives in the component showing it, never in
//! the query cache.
import { useMutation } from '@tanstack/react-query';
import { api, unwrap } from '@/api/client';
import type { WebhookSecret } from '@/api/types';

function secretPath(appId: number, endpointId: number) {
  return { params: { path: { id: appId, webhook_id: endpointId } } };
}

export function revealWebhookSecret(appId: number, endpointId: number): Promise<WebhookSecret> {
  return unwrap(api.GET('/api/v1/apps/{id}/webhooks/{webhook_id}/secret', secretPath(appId, endpointId)));
}

/** A new secret; the old one keeps signing beside it for 24 hours. */
export function rotateWebhookSecret(appId: number, endpointId: number): Promise<WebhookSecret> {
  return unwrap(api.POST('/api/v1/apps/{id}/webhooks/{webhook_id}/secret', secretPath(appId, endpointId)));
}

export function useRevealWebhookSecret(appId: number, endpointId: number) {
  return useMutation({ mutationFn: () => revealWebhookSecret(appId, endpointId) });
}

export function useRotateWebhookSecret(appId: number, endpointId: number) {
  return useMutation({ mutationFn: () => rotateWebhookSecret(appId, endpointId) });
}
