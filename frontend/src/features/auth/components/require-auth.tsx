//! Route guard: signed-out visitors go to /login (remembering where they were going); others wait for /me.
import { Navigate, Outlet, useLocation } from 'react-router';
import { RetryAlert } from '@/components/ui/retry-alert';
import { Spinner } from '@/components/ui/spinner';
import { useMe } from '../api/get-me';
import { useSessionToken } from '../hooks/use-session-token';

export type LoginRedirectState = { from?: string };

export function RequireAuth() {
  const token = useSessionToken();
  const location = useLocation();

  if (!token) {
    const state: LoginRedirectState = { from: location.pathname + location.search };
    return <Navigate to="/login" replace state={state} />;
  }
  return <MeGate />;
}

function MeGate() {
  const me = useMe();

  if (me.isPending) {
    return (
      <div className="page-message">
        <Spinner label="Loading your workspace…" />
      </div>
    );
  }
  if (me.isError) {
    return (
      <div className="page-message">
        <RetryAlert onRetry={me.refetch} retryLabel="Try again">
          {me.error.message}
        </RetryAlert>
      </div>
    );
  }
  return <Outlet />;
}
