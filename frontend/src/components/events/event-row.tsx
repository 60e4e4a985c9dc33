//! One contact event: its name and time, with its properties (as text) expandable in place.
import { useId, useState } from 'react';
import type { ContactEvent } from '@/api/types';
import { formatDateTime, formatRelativeTime, formatValue } from '@/lib/format';
import './events.css';
import { Chevron } from '@/components/ui/chevron';

export function EventRow({ event, now }: { event: ContactEvent; now: Date }) {
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
        <Chevron open={open} />
        <span className="event-row__name">{event.name}</span>
        <time className="event-row__time" dateTime={event.occurred_at} title={formatDateTime(event.occurred_at)}>
          {formatRelativeTime(event.occurred_at, now)}
        </time>
      </button>
      <div id={bodyId} className="event-row__body" hidden={!open}>
        {open && properties.length === 0 ? <p className="event-props__empty">No properties.</p> : null}
        {open && properties.length > 0 ? (
          <dl className="event-props">
            {properties.map(([key, value]) => (
              <div key={key} className="event-props__row">
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
