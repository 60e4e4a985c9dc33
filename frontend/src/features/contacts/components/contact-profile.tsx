//! The /contacts/:id page body: the full profile, editable in place, with conversations and the event timeline.
import type { ReactNode } from 'react';
import { Link, Navigate, useLocation } from 'react-router';
import { isApiError } from '@/api/api-error';
import type { ContactProfile as Profile } from '@/api/types';
import { NotesPanel } from '@/components/notes/notes-panel';
import { TagEditor } from '@/components/tags/tag-editor';
import { tagErrorText } from '@/components/tags/tag-library';
import { EmptyState } from '@/components/ui/empty-state';
import { RetryAlert } from '@/components/ui/retry-alert';
import { Spinner } from '@/components/ui/spinner';
import { useNow } from '@/hooks/use-now';
import { useAddContactTag, useRemoveContactTag } from '../api/contact-tags';
import { useContact } from '../api/get-contact';
import { useContactLiveUpdates } from '../hooks/use-contact-live-updates';
import { ExportContactDataButton } from './export-contact-data-button';
import { DeleteContactButton } from './delete-contact-button';
import { EventTimeline } from './event-timeline';
import { MergeContactButton } from './merge-dialog';
import { MergeHistory } from './merge-history';
import { ProfileConversations } from './profile-conversations';
import { ProfileCustomData } from './profile-custom-data';
import { ProfileFields } from './profile-fields';
import { ProfileHeader } from './profile-header';
import './contacts.css';

type ContactProfileProps = { contactId: number | null; canDelete: boolean };

export function ContactProfile({ contactId, canDelete }: ContactProfileProps) {
  useContactLiveUpdates(contactId);
  return (
    <main className="contacts-page contacts-page--profile">
      <Link to="/contacts" className="contact-profile__back">
        ← All contacts
      </Link>
      {contactId === null ? <ContactNotFound /> : <LoadedContact id={contactId} canDelete={canDelete} />}
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

function LoadedContact({ id, canDelete }: { id: number; canDelete: boolean }) {
  const contact = useContact(id);

  if (contact.isPending) return <Spinner label="Loading contact…" />;
  if (contact.isError) {
    if (isApiError(contact.error, 404)) {
      // A merged-away contact lives on as its survivor: follow it, and say so there.
      const survivor = contact.error.details.merged_into;
      if (typeof survivor === 'number') {
        return <Navigate to={`/contacts/${survivor}`} replace state={{ mergedFrom: id }} />;
      }
      return <ContactNotFound />;
    }
    return (
      <RetryAlert onRetry={contact.refetch}>
        {contact.error.message}
      </RetryAlert>
    );
  }
  return <ProfileView contact={contact.data} canDelete={canDelete} />;
}

function Card({ title, children }: { title: string; children: ReactNode }) {
  const headingId = `profile-${title.toLowerCase().replace(/\W+/g, '-')}`;
  return (
    <section className="contacts-card profile-card" aria-labelledby={headingId}>
      <h2 id={headingId} className="profile-card__title">
        {title}
      </h2>
      {children}
    </section>
  );
}

function ProfileView({ contact, canDelete }: { contact: Profile; canDelete: boolean }) {
  // Ticks every 15 s so "last seen" and the local time stay current.
  const now = useNow(15_000);
  const addTag = useAddContactTag(contact.id);
  const removeTag = useRemoveContactTag(contact.id);
  const mergedFrom = (useLocation().state as { mergedFrom?: number } | null)?.mergedFrom;
  return (
    <article className="contact-profile" aria-labelledby="contact-profile-name">
      {mergedFrom ? (
        <p className="merge-notice" role="status">
          Contact #{mergedFrom} was merged into {contact.display_name}; you are seeing the contact it became.
        </p>
      ) : null}
      <div className="contacts-card">
        <ProfileHeader
          contact={contact}
          now={now}
          actions={
            <>
              <MergeContactButton contact={contact} seesAllApps={canDelete} />
              {canDelete ? <ExportContactDataButton contactId={contact.id} /> : null}
              {canDelete ? <DeleteContactButton contactId={contact.id} name={contact.display_name} /> : null}
            </>
          }
        />
        <MergeHistory merges={contact.merges} now={now} />
      </div>
      <div className="contact-profile__columns">
        <div className="contact-profile__column">
          <Card title="Details">
            <ProfileFields contact={contact} />
          </Card>
          <Card title="Notes">
            <NotesPanel contactId={contact.id} now={now} />
          </Card>
          <Card title="Tags">
            <TagEditor
              scope="contact"
              tags={contact.tags}
              onAdd={(tag) => addTag.mutate(tag)}
              onRemove={(tag) => removeTag.mutate(tag)}
              addError={addTag.isError ? tagErrorText(addTag.error, addTag.variables?.name, 'contact') : null}
              removeError={removeTag.isError ? tagErrorText(removeTag.error, removeTag.variables?.name, 'contact') : null}
              canWidenScope={canDelete}
            />
          </Card>
          <Card title="Custom data">
            <ProfileCustomData contactId={contact.id} groups={contact.custom_data} now={now} />
          </Card>
        </div>
        <div className="contact-profile__column">
          <Card title="Conversations">
            <ProfileConversations contactId={contact.id} now={now} />
          </Card>
          <Card title="Events">
            <EventTimeline contactId={contact.id} now={now} />
          </Card>
        </div>
      </div>
    </article>
  );
}
