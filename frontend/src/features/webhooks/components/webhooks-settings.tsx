//! Settings → Webhooks for one app: the app picker, its endpoints and "Add endpoint". Owners and
//! admins only: agents are told so without asking the API (which would answer 403), and a 403
//! that still comes (a role changed meanwhile) reads the same.
import { useState } from 'react';
import { Link } from 'react-router';
import { isApiError } from '@/api/api-error';
import type { App } from '@/api/types';
import { Spinner } from '@/components/ui/spinner';
import { RetryAlert } from '@/components/ui/retry-alert';
import { useWebhooks } from '../api/get-webhooks';
import { webhooksPath } from '../utils/paths';
import { NewEndpointForm } from './webhook-endpoint-form';
import { WebhookEndpointCard } from './webhook-endpoint-card';
import './webhooks.css';

const AGENTS_MESSAGE = 'Only owners and admins manage webhooks. Ask one of them to add or change an endpoint.';

function AppPicker({ apps, currentId }: { apps: App[]; currentId: number | null }) {
  if (apps.length === 0) return null;
  return (
    <nav className="webhook-apps" aria-label="Apps">
      {apps.map((app) => (
        <Link
          key={app.id}
          to={webhooksPath(app.id)}
          className="webhook-apps__link"
          aria-current={app.id === currentId ? 'page' : undefined}
        >
          {app.name}
        </Link>
      ))}
    </nav>
  );
}

function Endpoints({ app }: { app: App }) {
  const endpoints = useWebhooks(app.id);
  const [adding, setAdding] = useState(false);
  const [created, setCreated] = useState<{ id: number; secret: string } | null>(null);

  if (endpoints.isPending) return <Spinner label="Loading the webhook endpoints…" />;
  if (endpoints.isError) {
    if (isApiError(endpoints.error, 403)) return <p className="webhook-note">{AGENTS_MESSAGE}</p>;
    return <RetryAlert onRetry={() => endpoints.refetch()}>{endpoints.error.message}</RetryAlert>;
  }

  const items = endpoints.data.items;
  return (
    <>
      <p className="webhook-note">
        {app.name} sends its changes to these URLs, signed the Standard Webhooks way with each endpoint’s secret.
      </p>
      {items.length === 0 && !adding ? <p className="webhook-empty">No endpoints yet.</p> : null}
      {items.length > 0 ? (
        <ul className="webhook-endpoints" aria-label="Endpoints">
          {items.map((endpoint) => (
            <WebhookEndpointCard
              key={endpoint.id}
              appId={app.id}
              endpoint={endpoint}
              createdSecret={created?.id === endpoint.id ? created.secret : undefined}
            />
          ))}
        </ul>
      ) : null}
      {adding ? (
        <NewEndpointForm
          appId={app.id}
          onCancel={() => setAdding(false)}
          onCreated={(endpoint) => {
            setCreated({ id: endpoint.id, secret: endpoint.secret });
            setAdding(false);
          }}
        />
      ) : (
        <button type="button" className="button button--primary" onClick={() => setAdding(true)}>
          Add endpoint
        </button>
      )}
    </>
  );
}

type SettingsProps = {
  canManage: boolean;
  apps: { isPending: boolean; error: Error | null; data?: App[]; refetch: () => unknown };
  appId: number;
};

export function WebhooksSettings({ canManage, apps, appId }: SettingsProps) {
  let body;
  if (!canManage) {
    body = <p className="webhook-note">{AGENTS_MESSAGE}</p>;
  } else if (apps.isPending) {
    body = <Spinner label="Loading the apps…" />;
  } else if (apps.error || !apps.data) {
    body = <RetryAlert onRetry={apps.refetch}>{apps.error?.message ?? 'The apps could not be loaded.'}</RetryAlert>;
  } else {
    const app = apps.data.find((candidate) => candidate.id === appId);
    body = (
      <>
        <AppPicker apps={apps.data} currentId={app?.id ?? null} />
        {app ? <Endpoints key={app.id} app={app} /> : <p className="webhook-note">There is no such app in your organization.</p>}
      </>
    );
  }

  return (
    <main className="webhook-page" aria-labelledby="webhooks-settings-title">
      <p className="webhook-breadcrumb">Settings › Apps</p>
      <h1 id="webhooks-settings-title">Webhooks</h1>
      {body}
    </main>
  );
}
