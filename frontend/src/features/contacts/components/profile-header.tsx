//! The profile's header: avatar or initials, name, presence with a ticking "last seen", and local time.
import type { ReactNode } from 'react';
import type { ContactProfile } from '@/api/types';
import { Avatar } from '@/components/ui/avatar';
import { capitalize, formatDateTime, formatRelativeTime, formatTimeInZone } from '@/lib/format';

type ProfileHeaderProps = { contact: ContactProfile; now: Date; actions?: ReactNode };

export function ProfileHeader({ contact, now, actions }: ProfileHeaderProps) {
  const localTime = formatTimeInZone(contact.time_zone, now);
  const seen = contact.last_seen_at ? `last seen ${formatRelativeTime(contact.last_seen_at, now)}` : 'never seen';
  const secondary = contact.email && contact.email !== contact.display_name ? contact.email : null;
  return (
    <header className="profile-header">
      <Avatar initials={contact.initials} image={contact} size="lg" />
      <div className="profile-header__who">
        <h1 id="contact-profile-name" className="profile-header__name">
          {contact.display_name}
        </h1>
        {secondary ? <p className="profile-header__email">{secondary}</p> : null}
        <p className="profile-header__presence">
          <span className={`presence__dot presence__dot--${contact.presence}`} aria-hidden="true" />
          <span title={contact.last_seen_at ? formatDateTime(contact.last_seen_at) : undefined}>
            {capitalize(contact.presence)} · {seen}
          </span>
          {localTime ? (
            <span className="profile-header__time" title={contact.time_zone ?? undefined}>
              · {localTime} local time
            </span>
          ) : null}
        </p>
        <p className="profile-header__counts muted">
          {contact.counts.conversations} {contact.counts.conversations === 1 ? 'conversation' : 'conversations'} ·{' '}
          {contact.counts.events} {contact.counts.events === 1 ? 'event' : 'events'} · first seen{' '}
          {formatDateTime(contact.created_at)}
        </p>
      </div>
      {actions ? <div className="profile-header__actions">{actions}</div> : null}
    </header>
  );
}
