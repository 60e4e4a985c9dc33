//! Route `/login`: the sign-in card; once a session exists, continue to where the user was going.
import { Navigate, useLocation } from 'react-router';
import { LoginForm } from '@/features/auth/components/login-form';
import type { LoginRedirectState } from '@/features/auth/components/require-auth';
import { useSessionToken } from '@/features/auth/hooks/use-session-token';
import { useDocumentTitle } from '@/hooks/use-document-title';
import './login.css';

function safeDestination(state: unknown): string {
  const from = (state as LoginRedirectState | null)?.from;
  // Only same-app paths: never bounce to another origin or back to /login.
  return from && from.startsWith('/') && !from.startsWith('//') && !from.startsWith('/login') ? from : '/';
}

export function LoginRoute() {
  const token = useSessionToken();
  const location = useLocation();
  useDocumentTitle('Sign in');

  if (token) return <Navigate to={safeDestination(location.state)} replace />;

  return (
    <main className="login-page">
      <div className="login-card">
        <div className="login-card__brand">
          <span className="login-card__logo" aria-hidden="true">
            C
          </span>
          <span className="login-card__product">Convot</span>
        </div>
        <h1 className="login-card__title">Sign in to your inbox</h1>
        <LoginForm />
      </div>
    </main>
  );
}
