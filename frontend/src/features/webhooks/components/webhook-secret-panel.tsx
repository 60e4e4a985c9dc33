//! An endpoint's signing secret: hidden until asked for, then shown with the previous one while it
//! still signs after a rotation. Rotating asks first, since receivers must learn the new secret.
import { useState } from 'react';
import type { WebhookSecret } from '@/api/types';
import { Alert } from '@/components/ui/alert';
import { formatDateTime } from '@/lib/format';
import { useRevealWebhookSecret, useRotateWebhookSecret } from '../api/webhook-secret';

type SecretPanelProps = {
  appId: number;
  endpointId: number;
  /** The secret the create answer carried: shown at once for an endpoint just added. */
  initialSecret?: string;
};

export function WebhookSecretPanel({ appId, endpointId, initialSecret }: SecretPanelProps) {
  const reveal = useRevealWebhookSecret(appId, endpointId);
  const rotate = useRotateWebhookSecret(appId, endpointId);
  const [shown, setShown] = useState<WebhookSecret | null>(
    initialSecret ? { secret: initialSecret, previous_secret: null, previous_secret_expires_at: null } : null,
  );
  const [confirming, setConfirming] = useState(false);

  function hide() {
    setShown(null);
    reveal.reset();
    rotate.reset();
  }

  return (
    <div className="webhook-secret" role="group" aria-label="Signing secret">
      <div className="webhook-secret__row">
        <span className="webhook-secret__label">Signing secret</span>
        {shown ? (
          <code className="webhook-secret__value">{shown.secret}</code>
        ) : (
          <span className="webhook-secret__hidden">
            Hidden
          </span>
        )}
        {shown ? (
          <button type="button" className="button button--small button--ghost" onClick={hide}>
            Hide secret
          </button>
        ) : (
          <button
            type="button"
            className="button button--small"
            onClick={() => reveal.mutate(undefined, { onSuccess: setShown })}
            disabled={reveal.isPending}
          >
            {reveal.isPending ? 'Revealing…' : 'Reveal secret'}
          </button>
        )}
        <button
          type="button"
          className="button button--small"
          onClick={() => setConfirming(true)}
          disabled={confirming || rotate.isPending}
        >
          Rotate secret
        </button>
      </div>
      {shown?.previous_secret ? (
        <p className="webhook-secret__previous">
          Previous secret, still signing beside the new one until {formatDateTime(shown.previous_secret_expires_at)}:{' '}
          <code>{shown.previous_secret}</code>
        </p>
      ) : null}
      {confirming ? (
        <div className="webhook-confirm" role="group" aria-label="Confirm rotation">
          <p>Rotate the secret? The current one keeps signing beside the new one for 24 hours; update your receiver before then.</p>
          <button
            type="button"
            className="button button--primary button--small"
            disabled={rotate.isPending}
            onClick={() =>
              rotate.mutate(undefined, {
                onSuccess: (secret) => {
                  setShown(secret);
                  setConfirming(false);
                },
              })
            }
          >
            {rotate.isPending ? 'Rotating…' : 'Yes, rotate'}
          </button>
          <button type="button" className="button button--ghost button--small" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </div>
      ) : null}
      {reveal.error ? <Alert>{reveal.error.message}</Alert> : null}
      {rotate.error ? <Alert>{rotate.error.message}</Alert> : null}
    </div>
  );
}
