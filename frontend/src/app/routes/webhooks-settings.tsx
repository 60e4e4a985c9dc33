//! Routes `/settings/webhooks` (goes to the first app) and `/settings/webhooks/:appId`: an app's
//! webhook endpoints, managed by owners and admins.
import { Navigate, useParams } from 'react-router';
import { useApps } from '@/api/apps';
import { useCurrentMe } from '@/features/auth/hooks/use-current-me';
import { WebhooksSettings } from '@/features/webhooks/components/webhooks-settings';
import { webhooksPath } from '@/features/webhooks/utils/paths';
import { useDocumentTitle } from '@/hooks/use-document-title';

export function WebhooksSettingsRoute() {
  const { user } = useCurrentMe();
  const canManage = user.role === 'owner' || user.role === 'admin';
  const apps = useApps(canManage);
  const { appId } = useParams();
  useDocumentTitle('Webhooks');

  const first = apps.data?.items[0];
  if (appId === undefined && first) return <Navigate to={webhooksPath(first.id)} replace />;
  return (
    <WebhooksSettings
      canManage={canManage}
      apps={{ isPending: apps.isPending, error: apps.error, data: apps.data?.items, refetch: apps.refetch }}
      appId={Number(appId)}
    />
  );
}
