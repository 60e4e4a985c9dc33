//! The /contacts page body: live search, a tag filter, a CSV export of that filter (owners and
//! admins), and a table of contacts that loads more as it scrolls.
import { Link, useSearchParams } from 'react-router';
import { Avatar } from '@/components/ui/avatar';
import { EmptyState } from '@/components/ui/empty-state';
import { LoadMoreButton } from '@/components/ui/load-more-button';
import { PresenceDot } from '@/components/ui/presence-dot';
import { RetryAlert } from '@/components/ui/retry-alert';
import { Spinner } from '@/components/ui/spinner';
import { useNow } from '@/hooks/use-now';
import { useOnVisible } from '@/hooks/use-on-visible';
import { formatRelativeTime } from '@/lib/format';
import { useContacts } from '../api/get-contacts';
import { useContactLiveUpdates } from '../hooks/use-contact-live-updates';
import { ContactSearch } from './contact-search';
import { ImportContactsButton } from './import-contacts';
import { ContactSortSelect, parseContactSort } from './contact-sort';
import { ExportContactsControl } from './export-contacts-control';
import { TagFilter } from './tag-filter';
import './contacts.css';

/** `canExport`, `canImport`: owners and admins, who may export the list and import a CSV. */
export function ContactsList({
  canExport = false,
  canImport = false,
}: {
  canExport?: boolean;
  canImport?: boolean;
}) {
  const [searchParams, setSearchParams] = useSearchParams();
  const q = searchParams.get('q') ?? '';
  const tag = searchParams.get('tag') ?? '';
  const sort = parseContactSort(searchParams.get('sort'));
  const contacts = useContacts({ q, tag, sort });
  const now = useNow();
  const items = contacts.data?.pages.flatMap((page) => page.items) ?? [];
  const canLoadMore = contacts.hasNextPage && !contacts.isFetchingNextPage && !contacts.isPlaceholderData;
  const sentinel = useOnVisible<HTMLDivElement>(() => {
    if (canLoadMore) void contacts.fetchNextPage();
  }, canLoadMore);
  useContactLiveUpdates(null);

  const setParam = (name: 'q' | 'tag' | 'sort', value: string) => {
    setSearchParams(
      (previous) => {
        const next = new URLSearchParams(previous);
        if (value) next.set(name, value);
        else next.delete(name);
        return next;
      },
      { replace: true },
    );
  };

  return (
    <main className="contacts-page">
      <header className="contacts-page__header">
        <h1>Contacts</h1>
        <div className="contacts-page__filters">
          <ContactSearch initialQuery={q} onSearch={(query) => setParam('q', query)} />
          <TagFilter value={tag} onChange={(name) => setParam('tag', name)} />
          {/* The default order stays out of the URL, so plain links stay plain. */}
          <ContactSortSelect value={sort} onChange={(next) => setParam('sort', next === 'last_seen' ? '' : next)} />
          {canImport ? <ImportContactsButton /> : null}
        </div>
        {canExport ? <ExportContactsControl q={q} tag={tag} /> : null}
      </header>

      {contacts.isPending ? <Spinner label="Loading contacts…" /> : null}
      {contacts.isError ? (
        <RetryAlert onRetry={contacts.refetch}>
          {contacts.error.message}
        </RetryAlert>
      ) : null}

      {contacts.isSuccess && items.length === 0 ? (
        <div className="contacts-card">
          <EmptyState title={q || tag ? `No contacts match${q ? ` “${q}”` : ''}${tag ? ` with the tag ${tag}` : ''}` : 'No contacts yet'}>
            {q || tag ? <p>Try a different name, email, company, external ID or tag.</p> : null}
          </EmptyState>
        </div>
      ) : null}

      {items.length > 0 ? (
        <div className="contacts-card">
          <table className="contacts-table">
            <thead>
              <tr>
                <th scope="col" aria-sort={sort === 'name' ? 'ascending' : undefined}>
                  Name
                </th>
                <th scope="col">Email</th>
                <th scope="col">Company</th>
                <th scope="col" aria-sort={sort === 'last_seen' ? 'descending' : undefined}>
                  Last seen
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((contact) => (
                <tr key={contact.id}>
                  <td>
                    <div className="contacts-table__name">
                      <Avatar initials={contact.initials} size="sm" />
                      <Link to={`/contacts/${contact.id}`}>{contact.display_name}</Link>
                    </div>
                  </td>
                  <td className="contacts-table__muted">{contact.email ?? '—'}</td>
                  <td className="contacts-table__muted">{contact.company ?? '—'}</td>
                  <td>
                    <div className="contacts-table__seen">
                      <PresenceDot presence={contact.presence} />
                      <span className="contacts-table__muted">
                        {contact.presence === 'offline' ? formatRelativeTime(contact.last_seen_at, now) : null}
                      </span>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}

      {contacts.hasNextPage ? (
        <div className="contacts-page__more" ref={sentinel}>
          <LoadMoreButton pages={contacts} />
        </div>
      ) : null}
    </main>
  );
}
