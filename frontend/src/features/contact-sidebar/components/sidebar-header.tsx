//! The sidebar header: who the agent is talking to, whether they're around, and a link to the full profile.
import { Link } from 'react-router';
import type { SidebarContact } from '@/api/types';
import { Avatar, type AvatarImage } from '@/components/ui/avatar';
import { Spinner } from '@/components/ui/spinner';
import { capitalize, formatDateTime, formatRelativeTime, formatTimeInZone } from '@/lib/format';

/** "Online · last seen just now", "Offline · last seen 3 hours ago", "Offline · never seen". */
function presenceText(contact: SidebarContact, now: Date): string {
  const seen = contact.last_seen_at ? `last seen ${formatRelativeTime(contact.last_seen_at, now)}` : 'never seen';
  return `${capitalize(contact.presence)} · ${seen}`;
}

export function SidebarHeader({ contact, now }: { contact: SidebarContact; now: Date }) {
  const localTime = formatTimeInZone(contact.time_zone, now);
  const secondary = contact.email && contact.email !== contact.display_name ? contact.email : null;
  return (
    <header className="sidebar-header">
      <Avatar initials={contact.initials} image={contact} size="lg" />
      <div className="sidebar-header__who">
        <div className="sidebar-header__top">
          <h2 className="sidebar-header__name" title={contact.display_name}>
            {contact.display_name}
          </h2>
          <Link to={`/contacts/${contact.id}`} className="button button--small sidebar-header__view">
            View<span className="visually-hidden"> {contact.display_name}’s profile</span>
          </Link>
        </div>
        {secondary ? <p className="sidebar-header__email">{secondary}</p> : null}
        <p className="sidebar-header__presence">
          <span className={`presence__dot presence__dot--${contact.presence}`} aria-hidden="true" />
          <span title={contact.last_seen_at ? formatDateTime(contact.last_seen_at) : undefined}>
            {presenceText(contact, now)}
          </span>
        </p>
        <p className="sidebar-header__facts">
          {contact.verified ? (
            <span className="identity-badge identity-badge--verified" title="The app proved this identity with a user_hash">
              Verified
            </span>
          ) : (
            <span
              className="identity-badge identity-badge--unverified"
              title="Not proven by the app: the name and email were given by the visitor and may be spoofed"
            >
              Unverified
            </span>
          )}
          {localTime ? (
            <span className="sidebar-header__time" title={contact.time_zone ?? undefined}>
              {localTime} local time
            </span>
          ) : null}
        </p>
      </div>
    </header>
  );
}

/** What the inbox already knows about the contact before the sidebar arrives (a list row's contact). */
export type KnownContact = AvatarImage & { display_name: string; initials: string };

/** While the sidebar loads: the name and picture the inbox already has, and one quiet loading line. */
export function SidebarHeaderLoading({ contact }: { contact: KnownContact | null }) {
  return (
    <header className="sidebar-header sidebar-header--loading">
      {contact ? <Avatar initials={contact.initials} image={contact} size="lg" /> : null}
      <div className="sidebar-header__who">
        {contact ? (
          <h2 className="sidebar-header__name" title={contact.display_name}>
            {contact.display_name}
          </h2>
        ) : null}
        <Spinner label="Loading contact…" />
      </div>
    </header>
  );
}
