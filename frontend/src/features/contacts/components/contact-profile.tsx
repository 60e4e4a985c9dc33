//! The /contacts/:id page body (placeholder profile): name, presence and the contact's main details.
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { isApiError } from '@/api/api-error';
import type { Contact } from '@/api/types';
import { Alert } from '@/components/ui/alert';
import { Avatar } from '@/components/ui/avatar';
import { EmptyState } from '@/components/ui/empty-state';
import { PresenceDot } from '@/components/ui/presence-dot';
import { Spinner } from '@/components/ui/spinner';
import { useNow } from '@/hooks/use-now';
import { formatDateTime, formatRelativeTime } from '@/lib/format';
import { useContact } from '../api/get-contact';
import './contacts.css';

export function ContactProfile({ contactId }: { contactId: number | null }) {
  return (
    <main className="contacts-page">
      <Link to="/contacts" className="contact-profile__back">
        ← All contacts
      </Link>
      {contactId === null ? <ContactNotFound /> : <LoadedContact id={contactId} />}
    </main>
  );
}

function ContactNotFound() {
  return (
    <div className="contacts-card">
      <EmptyState title="Contact not found">
        <p>It may have been deleted, or the link is wrong.</p>
      </EmptyState>
    </div>
  );
}

function LoadedContact({ id }: { id: number }) {
  const contact = useContact(id);

  if (contact.isPending) return <Spinner label="Loading contact…" />;
  if (contact.isError) {
    if (isApiError(contact.error, 404)) return <ContactNotFound />;
    return (
      <Alert
        action={
          <button type="button" className="button" onClick={() => void contact.refetch()}>
            Retry
          </button>
        }
      >
        {contact.error.message}
      </Alert>
    );
  }
  return <ContactDetails contact={contact.data} />;
}

function formatLocation({ city, region, country }: Contact['location']): string | null {
  const parts = [city, region, country].filter((part): part is string => Boolean(part));
  return parts.length > 0 ? parts.join(', ') : null;
}

function ContactDetails({ contact }: { contact: Contact }) {
  const now = useNow();
  const rows: [string, ReactNode][] = [
    ['Email', contact.email],
    ['Company', contact.company],
    ['Phone', contact.phone],
    ['Location', formatLocation(contact.location)],
    ['Time zone', contact.time_zone],
    ['External ID', contact.external_id],
    ['Shopify store', contact.shopify_domain],
    ['First seen', formatDateTime(contact.created_at)],
  ];

  return (
    <article className="contacts-card contact-profile" aria-labelledby="contact-profile-name">
      <header className="contact-profile__header">
        <Avatar initials={contact.initials} size="lg" />
        <div>
          <h1 id="contact-profile-name">{contact.display_name}</h1>
          <div className="contact-profile__presence">
            <PresenceDot presence={contact.presence} />
            <span className="muted">· Last seen {formatRelativeTime(contact.last_seen_at, now, 'never')}</span>
          </div>
        </div>
      </header>
      <dl className="contact-profile__details">
        {rows.map(([label, value]) => (
          <div key={label} className="contact-profile__row">
            <dt>{label}</dt>
            <dd>{value ?? <span className="muted">—</span>}</dd>
          </div>
        ))}
      </dl>
    </article>
  );
}
