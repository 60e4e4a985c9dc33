//! Settings → Integrations → Shopify: the connection's status, the Partner API version it uses
//! (and Shopify's warning when that version is on its way out), its app mappings, Sync now,
//! reconnect and disconnect. Owners only; the token is never shown (the API never returns it).
import { useState } from 'react';
import { useApps } from '@/api/apps';
import type { AppList, IntegrationStatus, ShopifyIntegration } from '@/api/types';
import { Alert } from '@/components/ui/alert';
import { Spinner } from '@/components/ui/spinner';
import { useNow } from '@/hooks/use-now';
import { formatDateTime, formatRelativeTime } from '@/lib/format';
import { useShopifyIntegration } from '../api/get-shopify-integration';
import { useDisconnectShopify } from '../api/disconnect-shopify';
import { useSyncShopify } from '../api/sync-shopify';
import { describeSyncError } from '../utils/sync-error';
import { ShopifyConnectForm } from './shopify-connect-form';
import './integrations.css';

const STATUS_LABELS: Record<IntegrationStatus, string> = { connected: 'Connected', syncing: 'Syncing', error: 'Error' };

function IntegrationBadge({ status }: { status: IntegrationStatus | 'disconnected' }) {
  const label = status === 'disconnected' ? 'Not connected' : STATUS_LABELS[status];
  return <span className={`integration-badge integration-badge--${status}`}>{label}</span>;
}

function appName(apps: AppList['items'], appId: number): string {
  return apps.find((app) => app.id === appId)?.name ?? `App #${appId}`;
}

function ConnectionDetails({ integration, apps }: { integration: ShopifyIntegration; apps: AppList['items'] }) {
  const now = useNow();
  const error = describeSyncError(integration.last_error);
  return (
    <dl className="integration-fields">
      <div>
        <dt>Partner organization</dt>
        <dd>{integration.partner_organization_id}</dd>
      </div>
      <div>
        <dt>Partner API version</dt>
        <dd>{integration.api_version}</dd>
      </div>
      <div>
        <dt>Last successful sync</dt>
        <dd title={integration.last_synced_at ? formatDateTime(integration.last_synced_at) : undefined}>
          {formatRelativeTime(integration.last_synced_at, now)}
        </dd>
      </div>
      <div>
        <dt>Last error</dt>
        <dd>{error ?? 'None'}</dd>
      </div>
      <div>
        <dt>Consecutive failures</dt>
        <dd>{integration.consecutive_failures}</dd>
      </div>
      <div>
        <dt>App mappings</dt>
        <dd>
          {integration.apps.length === 0 ? (
            'None'
          ) : (
            <ul className="integration-mappings" aria-label="App mappings">
              {integration.apps.map((mapping) => (
                <li key={`${mapping.partner_app_id}-${mapping.app_id}`}>
                  Partner app {mapping.partner_app_id} → {appName(apps, mapping.app_id)}
                </li>
              ))}
            </ul>
          )}
        </dd>
      </div>
    </dl>
  );
}

/** Shopify marks the version the sync uses as on its way out (or gone): the owner must hear it before syncs fail. */
function ApiVersionWarning({ warning }: { warning: string | null }) {
  if (!warning) return null;
  return (
    <div className="integration-warning" role="status">
      <strong>Partner API version warning:</strong> {warning}
    </div>
  );
}

function ConnectedActions({ onReconnect }: { onReconnect: () => void }) {
  const sync = useSyncShopify();
  const disconnect = useDisconnectShopify();
  const [confirming, setConfirming] = useState(false);
  return (
    <div className="integration-actions">
      <div className="integration-actions__row">
        <button type="button" className="button button--primary" onClick={() => sync.mutate()} disabled={sync.isPending}>
          {sync.isPending ? 'Starting…' : 'Sync now'}
        </button>
        <button type="button" className="button" onClick={onReconnect}>
          Reconnect
        </button>
        <button type="button" className="button button--danger" onClick={() => setConfirming(true)} disabled={confirming}>
          Disconnect
        </button>
      </div>
      {confirming ? (
        <div className="integration-confirm" role="group" aria-label="Confirm disconnect">
          <p>Disconnect Shopify? The token and every synced merchant are forgotten.</p>
          <button
            type="button"
            className="button button--danger"
            onClick={() => disconnect.mutate(undefined, { onSuccess: () => setConfirming(false) })}
            disabled={disconnect.isPending}
          >
            {disconnect.isPending ? 'Disconnecting…' : 'Yes, disconnect'}
          </button>
          <button type="button" className="button button--ghost" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </div>
      ) : null}
      {sync.error ? <Alert>{sync.error.message}</Alert> : null}
      {disconnect.error ? <Alert>{disconnect.error.message}</Alert> : null}
    </div>
  );
}

export function ShopifySettings({ isOwner }: { isOwner: boolean }) {
  const integration = useShopifyIntegration(isOwner);
  const apps = useApps(isOwner);
  const [reconnecting, setReconnecting] = useState(false);

  let body;
  if (!isOwner) {
    body = <p className="integration-note">Only owners manage integrations.</p>;
  } else if (integration.isPending || apps.isPending) {
    body = <Spinner label="Loading the Shopify connection…" />;
  } else if (integration.isError || apps.isError) {
    body = <Alert>{(integration.error ?? apps.error)?.message}</Alert>;
  } else if (integration.data === null) {
    body = (
      <>
        <p className="integration-status">
          <IntegrationBadge status="disconnected" />
        </p>
        <p className="integration-note">Connect your Shopify Partner account to see merchants in the contact sidebar.</p>
        <ShopifyConnectForm current={null} apps={apps.data.items} />
      </>
    );
  } else {
    const current = integration.data;
    body = (
      <>
        <p className="integration-status" aria-live="polite">
          <IntegrationBadge status={current.status} />
          {current.status === 'syncing' ? <span className="integration-note"> Syncing… this page updates by itself.</span> : null}
        </p>
        <ApiVersionWarning warning={current.api_version_warning} />
        <ConnectionDetails integration={current} apps={apps.data.items} />
        {reconnecting ? (
          <ShopifyConnectForm
            current={current}
            apps={apps.data.items}
            onDone={() => setReconnecting(false)}
            onCancel={() => setReconnecting(false)}
          />
        ) : (
          <ConnectedActions onReconnect={() => setReconnecting(true)} />
        )}
      </>
    );
  }

  return (
    <main className="integration-page" aria-labelledby="shopify-settings-title">
      <p className="integration-breadcrumb">Settings › Integrations</p>
      <h1 id="shopify-settings-title">Shopify</h1>
      {body}
    </main>
  );
}
