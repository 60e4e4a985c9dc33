//! A delivery's and an attempt's outcome as a badge: the words and the colour.
import type { WebhookDelivery, WebhookEndpoint } from '@/api/types';
import type { BadgeTone } from '@/components/ui/status-badge';

/** Succeeded is green, failed red; pending is blue until an attempt failed, then amber (it is being retried). */
export function deliveryBadge(delivery: Pick<WebhookDelivery, 'status' | 'attempt_count'>): { label: string; tone: BadgeTone } {
  switch (delivery.status) {
    case 'succeeded':
      return { label: 'Succeeded', tone: 'positive' };
    case 'failed':
      return { label: 'Failed', tone: 'negative' };
    case 'pending':
      return delivery.attempt_count === 0 ? { label: 'Pending', tone: 'info' } : { label: 'Retrying', tone: 'warning' };
    default:
      return { label: delivery.status, tone: 'neutral' };
  }
}

/** 2xx green, anything else red, no answer at all red too (timeout, refused connection). */
export function statusCodeTone(code: number | null | undefined): BadgeTone {
  return code != null && code >= 200 && code < 300 ? 'positive' : 'negative';
}

/** Disabled (by an owner, or by Convot with a reason), failing, or sending fine. */
export function endpointBadge(
  endpoint: Pick<WebhookEndpoint, 'enabled' | 'failing_since' | 'disabled_reason'>,
): { label: string; tone: BadgeTone } {
  if (!endpoint.enabled) return { label: 'Disabled', tone: endpoint.disabled_reason ? 'negative' : 'neutral' };
  if (endpoint.failing_since) return { label: 'Failing', tone: 'warning' };
  return { label: 'Enabled', tone: 'positive' };
}
