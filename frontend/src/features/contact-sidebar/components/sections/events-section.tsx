//! Contact events: what the contact did in the apps the agent may see, newest first, with properties on
//! demand; plus how many more were sent by apps the agent does not operate.
import { useState } from 'react';
import { EventRow } from '@/components/events/event-row';
import { useRovingFocus } from '@/hooks/use-roving-focus';
import { hiddenEventsText } from '@/lib/format';
import { useContactEvents } from '../../api/get-contact-events';
import type { SectionProps } from './section-props';
import { ShowMore } from './show-more';

export function EventsSection({ sidebar, now }: SectionProps) {
  const { events: recent } = sidebar;
  const [expanded, setExpanded] = useState(false);
  const all = useContactEvents(sidebar.contact.id, expanded);
  const events = expanded && all.data ? all.data.pages.flatMap((page) => page.items) : recent.items;
  // One Tab stop for the list; arrows move between rows.
  const rovingRef = useRovingFocus<HTMLUListElement>({ items: '.event-row__toggle' });

  return (
    <>
      {events.length === 0 ? (
        <p className="sidebar-empty">{recent.hidden_count > 0 ? 'No events in the apps you can see.' : 'No events yet.'}</p>
      ) : null}
      <ul className="event-list" ref={rovingRef}>
        {events.map((event) => (
          <EventRow key={event.id} event={event} now={now} />
        ))}
      </ul>
      <ShowMore
        what="events"
        full={all}
        expanded={expanded}
        onExpand={() => setExpanded(true)}
        sidebarHasMore={recent.has_more}
      />
      {recent.hidden_count > 0 ? <p className="sidebar-caption">{hiddenEventsText(recent.hidden_count)}</p> : null}
    </>
  );
}
