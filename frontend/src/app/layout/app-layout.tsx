//! The signed-in frame: a top bar (org, navigation, user, logout) above the current page.
import { NavLink, Outlet } from 'react-router';
import { useCurrentMe } from '@/features/auth/hooks/use-current-me';
import { useLogout } from '@/features/auth/hooks/use-logout';
import { Avatar } from '@/components/ui/avatar';
import { capitalize } from '@/lib/format';
import './app-layout.css';

function initialsOf(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0], words[words.length - 1]] : words;
  return letters.map((word) => word?.charAt(0) ?? '').join('');
}

export function AppLayout() {
  const { user, organization } = useCurrentMe();
  const logout = useLogout();

  return (
    <div className="app-layout">
      <a href="#app-content" className="skip-link">
        Skip to content
      </a>
      <header className="topbar">
        <div className="topbar__brand">
          <span className="topbar__logo" aria-hidden="true">
            C
          </span>
          <span className="topbar__org" data-testid="org-name">
            {organization.name}
          </span>
        </div>
        <nav className="topbar__nav" aria-label="Main">
          <NavLink to="/" end className="topbar__link">
            Inbox
          </NavLink>
          <NavLink to="/contacts" className="topbar__link">
            Contacts
          </NavLink>
          {user.role === 'owner' ? (
            <NavLink to="/settings/integrations/shopify" className="topbar__link">
              Integrations
            </NavLink>
          ) : null}
          {user.role === 'owner' || user.role === 'admin' ? (
            <NavLink to="/settings/webhooks" className="topbar__link">
              Webhooks
            </NavLink>
          ) : null}
        </nav>
        <div className="topbar__user">
          <Avatar initials={initialsOf(user.name || user.email)} size="sm" />
          <div className="topbar__who">
            <span className="topbar__name">{user.name || user.email}</span>
            <span className="topbar__role">{capitalize(user.role)}</span>
          </div>
          <button type="button" className="button button--ghost" onClick={logout}>
            Log out
          </button>
        </div>
      </header>
      <div id="app-content" className="app-layout__content" tabIndex={-1}>
        <Outlet />
      </div>
    </div>
  );
}
