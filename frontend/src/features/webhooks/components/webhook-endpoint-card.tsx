//! One endpoint: its URL, state (and why Convot stopped sending), topics, secret, "Send test",
//! edit, turn on or off, delete, and its delivery log on demand.
import { useId, useState } from 'react';
import type { WebhookEndpoint } from '@/api/types';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/status-badge';
import { useNow } from '@/hooks/use-now';
import { formatDateTime, formatRelativeTime } from '@/lib/format';
import { useDeleteWebhook } from '../api/delete-webhook';
import { useSendTestWebhook } from '../api/send-test-webhook';
import { useUpdateWebhook } from '../api/update-webhook';
import { endpointBadge } from '../utils/delivery-status';
import { WebhookDeliveryLog } from './webhook-delivery-log';
import { EditEndpointForm } from './webhook-endpoint-form';
import { WebhookSecretPanel } from './webhook-secret-panel';

type CardProps = {
  appId: number;
  endpoint: WebhookEndpoint;
  /** Set for an endpoint just added: its secret, from the create answer. */
  createdSecret?: string;
};

/** The server's reason as a sentence, so another can follow it. */
function sentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?…]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

function EndpointState({ endpoint }: { endpoint: WebhookEndpoint }) {
  const now = useNow();
  if (!endpoint.enabled && endpoint.disabled_reason) {
    return (
      <p className="webhook-warning webhook-warning--danger" role="status">
        <strong>Convot stopped sending:</strong> {sentence(endpoint.disabled_reason)} Fix the receiver, then turn the endpoint back on.
      </p>
    );
  }
  if (endpoint.enabled && endpoint.failing_since) {
    return (
      <p className="webhook-warning" role="status" title={formatDateTime(endpoint.failing_since)}>
        Every delivery has failed since {formatRelativeTime(endpoint.failing_since, now)}. After three days of failures Convot
        turns the endpoint off.
      </p>
    );
  }
  return null;
}

function DeleteConfirm({ appId, endpoint, onCancel }: { appId: number; endpoint: WebhookEndpoint; onCancel: () => void }) {
  const remove = useDeleteWebhook(appId, endpoint.id);
  return (
    <div className="webhook-confirm webhook-confirm--danger" role="group" aria-label="Confirm delete">
      <p>Delete this endpoint? Its delivery log goes with it, and nothing more is sent to {endpoint.url}.</p>
      <button type="button" className="button button--danger button--small" onClick={() => remove.mutate()} disabled={remove.isPending}>
        {remove.isPending ? 'Deleting…' : 'Yes, delete'}
      </button>
      <button type="button" className="button button--ghost button--small" onClick={onCancel}>
        Cancel
      </button>
      {remove.error ? <Alert>{remove.error.message}</Alert> : null}
    </div>
  );
}

export function WebhookEndpointCard({ appId, endpoint, createdSecret }: CardProps) {
  const titleId = useId();
  const test = useSendTestWebhook(appId, endpoint.id);
  const toggle = useUpdateWebhook(appId, endpoint.id);
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [logOpen, setLogOpen] = useState(false);
  const badge = endpointBadge(endpoint);

  function sendTest() {
    // The queued test is in the log from now on: open it so it can be watched.
    test.mutate(undefined, { onSuccess: () => setLogOpen(true) });
  }

  return (
    <li className="webhook-endpoint">
      <section aria-labelledby={titleId}>
        <header className="webhook-endpoint__head">
          <h2 id={titleId} className="webhook-endpoint__url">
            {endpoint.url}
          </h2>
          <Badge tone={badge.tone}>{badge.label}</Badge>
        </header>
        {endpoint.description ? <p className="webhook-endpoint__description">{endpoint.description}</p> : null}
        <EndpointState endpoint={endpoint} />
        {editing ? (
          <EditEndpointForm appId={appId} endpoint={endpoint} onCancel={() => setEditing(false)} onSaved={() => setEditing(false)} />
        ) : (
          <>
            <ul className="webhook-topics" aria-label="Topics">
              {endpoint.topics.map((topic) => (
                <li key={topic}>
                  <code>{topic}</code>
                </li>
              ))}
            </ul>
            <WebhookSecretPanel appId={appId} endpointId={endpoint.id} initialSecret={createdSecret} />
            <div className="webhook-endpoint__actions">
              <button type="button" className="button button--primary button--small" onClick={sendTest} disabled={test.isPending}>
                {test.isPending ? 'Sending…' : 'Send test'}
              </button>
              <button type="button" className="button button--small" onClick={() => setEditing(true)}>
                Edit
              </button>
              <button
                type="button"
                className="button button--small"
                onClick={() => toggle.mutate({ enabled: !endpoint.enabled })}
                disabled={toggle.isPending}
              >
                {endpoint.enabled ? 'Turn off' : 'Turn on'}
              </button>
              <button type="button" className="button button--danger button--small" onClick={() => setDeleting(true)} disabled={deleting}>
                Delete
              </button>
              <button
                type="button"
                className="button button--ghost button--small"
                aria-expanded={logOpen}
                onClick={() => setLogOpen((open) => !open)}
              >
                {logOpen ? 'Hide delivery log' : 'Show delivery log'}
              </button>
              {test.isSuccess ? (
                <span className="webhook-endpoint__sent" role="status">
                  Test sent
                </span>
              ) : null}
            </div>
            {test.error ? <Alert>{test.error.message}</Alert> : null}
            {toggle.error ? <Alert>{toggle.error.message}</Alert> : null}
            {deleting ? <DeleteConfirm appId={appId} endpoint={endpoint} onCancel={() => setDeleting(false)} /> : null}
          </>
        )}
        {logOpen ? <WebhookDeliveryLog appId={appId} endpointId={endpoint.id} /> : null}
      </section>
    </li>
  );
}
