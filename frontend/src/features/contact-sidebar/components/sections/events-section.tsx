//! Contact events: what the contact did in the apps, newest first, with properties on demand.
import { useState } from 'react';
import { EventRow } from '@/components/events/event-row';
import { Alert } from '@/components/ui/alert';
import { useContactEvents } from '../../api/get-contact-events';
import type { SectionProps } from './section-props';

/** The sidebar holds the ten most recent; a full page means there may be more. */
const SIDEBAR_EVENT_COUNT = 10;

export function EventsSection({ sidebar, now }: SectionProps) {
  const [expanded, setExpanded] = useState(false);
  const all = useContactEvents(sidebar.contact.id, expanded);
  const events = expanded && all.data ? all.data.pages.flatMap((page) => page.items) : sidebar.events;
  const hasMore = expanded ? all.hasNextPage : sidebar.events.length >= SIDEBAR_EVENT_COUNT;

  return (
    <>
      {events.length === 0 ? <p className="sidebar-empty">No events yet.</p> : null}
      <ul className="event-list">
        {events.map((event) => (
          <EventRow key={event.id} event={event} now={now} />
        ))}
      </ul>
      {all.isError ? <Alert>Could not load more events: {all.error.message}</Alert> : null}
      {hasMore ? (
        <button
          type="button"
          className="sidebar-link-button"
          disabled={all.isFetching}
          onClick={() => (expanded ? void all.fetchNextPage() : setExpanded(true))}
        >
          {all.isFetching ? 'Loading…' : 'Show more events'}
        </button>
      ) : null}
    </>
  );
}
