//! Contact events: what the contact did in the apps, newest first, with properties on demand.
import { useId, useState } from 'react';
import type { ContactEvent } from '@/api/types';
import { Alert } from '@/components/ui/alert';
import { formatDateTime, formatRelativeTime, formatValue } from '@/lib/format';
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

function EventRow({ event, now }: { event: ContactEvent; now: Date }) {
  const [open, setOpen] = useState(false);
  const bodyId = useId();
  const properties = Object.entries((event.properties ?? {}) as Record<string, unknown>);
  return (
    <li className="event-row">
      <button
        type="button"
        className="event-row__toggle"
        aria-expanded={open}
        aria-controls={bodyId}
        onClick={() => setOpen((value) => !value)}
      >
        <svg viewBox="0 0 16 16" aria-hidden="true" className={open ? 'chevron chevron--open' : 'chevron'}>
          <path d="M6 4l4 4-4 4" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
        </svg>
        <span className="event-row__name">{event.name}</span>
        <time className="event-row__time" dateTime={event.occurred_at} title={formatDateTime(event.occurred_at)}>
          {formatRelativeTime(event.occurred_at, now)}
        </time>
      </button>
      <div id={bodyId} className="event-row__body" hidden={!open}>
        {open && properties.length === 0 ? <p className="sidebar-empty">No properties.</p> : null}
        {open && properties.length > 0 ? (
          <dl className="sidebar-fields sidebar-fields--compact">
            {properties.map(([key, value]) => (
              <div key={key} className="sidebar-fields__row">
                <dt>{key}</dt>
                <dd>{formatValue(value)}</dd>
              </div>
            ))}
          </dl>
        ) : null}
      </div>
    </li>
  );
}
