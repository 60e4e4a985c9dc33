//! An endpoint's delivery log, newest first: each message with its status (coloured), attempts,
//! last status code, next retry and "Retry now", and under it every attempt with its status code,
//! duration and error. Polls while a message is due, and refreshes the endpoint once one settles
//! (a 410 or three days of failures disable it).
import { useEffect, useRef } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { WebhookAttempt, WebhookDelivery } from '@/api/types';
import { Alert } from '@/components/ui/alert';
import { LoadMoreButton } from '@/components/ui/load-more-button';
import { RetryAlert } from '@/components/ui/retry-alert';
import { Spinner } from '@/components/ui/spinner';
import { Badge } from '@/components/ui/status-badge';
import { useNow } from '@/hooks/use-now';
import { formatDateTime, formatRelativeTime } from '@/lib/format';
import { useWebhookDeliveries } from '../api/get-webhook-deliveries';
import { webhookKeys } from '../api/query-keys';
import { useRetryWebhookDelivery } from '../api/retry-webhook-delivery';
import { deliveryBadge, statusCodeTone } from '../utils/delivery-status';

type LogProps = { appId: number; endpointId: number };

function StatusCode({ code }: { code: number | null | undefined }) {
  if (code == null) return <Badge tone="negative">No answer</Badge>;
  return <Badge tone={statusCodeTone(code)}>{code}</Badge>;
}

function AttemptRows({ attempts, now }: { attempts: WebhookAttempt[]; now: Date }) {
  return (
    <table className="webhook-attempts">
      <caption className="visually-hidden">Attempts</caption>
      <thead>
        <tr>
          <th scope="col">Attempt</th>
          <th scope="col">When</th>
          <th scope="col">Status code</th>
          <th scope="col">Duration</th>
          <th scope="col">Error or answer</th>
        </tr>
      </thead>
      <tbody>
        {attempts.map((attempt, index) => (
          <tr key={attempt.id}>
            <td>{index + 1}</td>
            <td title={formatDateTime(attempt.attempted_at)}>{formatRelativeTime(attempt.attempted_at, now)}</td>
            <td>
              <StatusCode code={attempt.status_code} />
            </td>
            <td>{attempt.duration_ms} ms</td>
            <td className="webhook-attempts__detail">{attempt.error ?? attempt.response_body ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function DeliveryItem({ delivery, onRetry, retrying }: { delivery: WebhookDelivery; onRetry: () => void; retrying: boolean }) {
  const now = useNow(15_000);
  const badge = deliveryBadge(delivery);
  const nextRetry =
    delivery.status === 'pending' && delivery.next_attempt_at ? formatRelativeTime(delivery.next_attempt_at, now) : '—';
  return (
    <li className="webhook-delivery" aria-label={`${delivery.type} ${delivery.message_id}`}>
      <div className="webhook-delivery__head">
        <Badge tone={badge.tone}>{badge.label}</Badge>
        <code className="webhook-delivery__type">{delivery.type}</code>
        <span className="webhook-delivery__when" title={formatDateTime(delivery.created_at)}>
          {formatRelativeTime(delivery.created_at, now)}
        </span>
        <button type="button" className="button button--small webhook-delivery__retry" onClick={onRetry} disabled={retrying}>
          {retrying ? 'Retrying…' : 'Retry now'}
        </button>
      </div>
      <dl className="webhook-delivery__facts">
        <div>
          <dt>Attempts</dt>
          <dd>{delivery.attempt_count}</dd>
        </div>
        <div>
          <dt>Status code</dt>
          <dd>{delivery.attempt_count === 0 ? '—' : <StatusCode code={delivery.last_status_code} />}</dd>
        </div>
        <div>
          <dt>Next retry</dt>
          <dd title={delivery.next_attempt_at ? formatDateTime(delivery.next_attempt_at) : undefined}>{nextRetry}</dd>
        </div>
        <div>
          <dt>Message id</dt>
          <dd>
            <code>{delivery.message_id}</code>
          </dd>
        </div>
      </dl>
      {delivery.last_error ? <p className="webhook-delivery__error">{delivery.last_error}</p> : null}
      {delivery.attempts.length > 0 ? <AttemptRows attempts={delivery.attempts} now={now} /> : null}
      <details className="webhook-delivery__payload">
        <summary>Payload</summary>
        <pre>{JSON.stringify(delivery.payload, null, 2)}</pre>
      </details>
    </li>
  );
}

/** Fetches the endpoint again whenever a message of its log settles: the endpoint's state may follow. */
function useRefreshEndpointOnSettle(appId: number, deliveries: WebhookDelivery[] | undefined) {
  const queryClient = useQueryClient();
  const settled = deliveries?.filter((delivery) => delivery.status !== 'pending').map((delivery) => delivery.id).join(',');
  const seen = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (settled === undefined) return;
    if (seen.current !== undefined && seen.current !== settled) {
      void queryClient.invalidateQueries({ queryKey: webhookKeys.list(appId) });
    }
    seen.current = settled;
  }, [appId, queryClient, settled]);
}

export function WebhookDeliveryLog({ appId, endpointId }: LogProps) {
  const log = useWebhookDeliveries(appId, endpointId);
  const retry = useRetryWebhookDelivery(appId, endpointId);
  const deliveries = log.data?.pages.flatMap((page) => page.items);
  useRefreshEndpointOnSettle(appId, deliveries);

  let body;
  if (log.isPending) {
    body = <Spinner label="Loading the delivery log…" />;
  } else if (log.isError) {
    body = <RetryAlert onRetry={() => log.refetch()}>{log.error.message}</RetryAlert>;
  } else if (!deliveries || deliveries.length === 0) {
    body = <p className="webhook-note">Nothing sent yet. Send a test to see a delivery here.</p>;
  } else {
    body = (
      <>
        <ol className="webhook-deliveries" aria-label="Deliveries">
          {deliveries.map((delivery) => (
            <DeliveryItem
              key={delivery.id}
              delivery={delivery}
              retrying={retry.isPending && retry.variables === delivery.id}
              onRetry={() => retry.mutate(delivery.id)}
            />
          ))}
        </ol>
        {log.hasNextPage ? <LoadMoreButton pages={log}>Older deliveries</LoadMoreButton> : null}
      </>
    );
  }

  return (
    <section className="webhook-log" aria-label="Delivery log">
      <h3 className="webhook-log__title">Delivery log</h3>
      {retry.error ? <Alert>{retry.error.message}</Alert> : null}
      {body}
    </section>
  );
}
