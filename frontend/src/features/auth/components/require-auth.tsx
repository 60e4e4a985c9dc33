//! Route guard: signed-out visitors go to /login (remembering where they were going); others wait for /me.
import { Navigate, Outlet, useLocation } from 'react-router';
import { Alert } from '@/components/ui/alert';
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
        <Alert
          action={
            <button type="button" className="button" onClick={() => void me.refetch()}>
              Try again
            </button>
          }
        >
          {me.error.message}
        </Alert>
      </div>
    );
  }
  return <Outlet />;
}
