//! The complete event timeline: a 90-day chart, a filter by event name, rows that load as you scroll, and
//! how many more events apps the agent does not operate sent.
import { useEffect, useId, useMemo, useState } from 'react';
import { EventRow } from '@/components/events/event-row';
import { Alert } from '@/components/ui/alert';
import { Spinner } from '@/components/ui/spinner';
import { useDebouncedValue } from '@/hooks/use-debounced-value';
import { useOnVisible } from '@/hooks/use-on-visible';
import { hiddenEventsText } from '@/lib/format';
import { useTimeline } from '../api/get-contact-timeline';
import { eventsPerDay, windowStart } from '../utils/events-per-day';
import { EventsChart } from './events-chart';

/** Rows added to the screen per scroll step (pages hold 100, fetched ahead for the chart). */
export const TIMELINE_STEP = 30;
/** The chart fetches pages until it covers 90 days, but never more than this many. */
const CHART_MAX_PAGES = 10;

export function EventTimeline({ contactId, now }: { contactId: number; now: Date }) {
  const id = useId();
  const [filter, setFilter] = useState('');
  const name = useDebouncedValue(filter.trim(), 300);
  const all = useTimeline(contactId, '');
  const knownNames = useMemo(() => {
    const names = [...new Set((all.data?.pages ?? []).flatMap((page) => page.items.map((event) => event.name)))];
    // A fresh array: sorting it in place mutates nothing shared.
    // oxlint-disable-next-line unicorn/no-array-sort
    return names.sort();
  }, [all.data]);

  return (
    <div className="timeline">
      <div className="timeline__filter">
        <label htmlFor={`${id}-name`}>Event name</label>
        <input
          id={`${id}-name`}
          className="input"
          type="search"
          list={`${id}-names`}
          placeholder="All events"
          autoComplete="off"
          value={filter}
          onChange={(event) => setFilter(event.target.value)}
        />
        <datalist id={`${id}-names`}>
          {knownNames.map((known) => (
            <option key={known} value={known}>
              {known}
            </option>
          ))}
        </datalist>
      </div>
      <TimelineBody key={name} contactId={contactId} name={name} now={now} />
    </div>
  );
}

function TimelineBody({ contactId, name, now }: { contactId: number; name: string; now: Date }) {
  const timeline = useTimeline(contactId, name);
  const [shown, setShown] = useState(TIMELINE_STEP);
  const events = useMemo(() => timeline.data?.pages.flatMap((page) => page.items) ?? [], [timeline.data]);
  const start = windowStart(now);
  const oldest = events.at(-1);
  const needsMoreForChart =
    timeline.hasNextPage &&
    oldest !== undefined &&
    new Date(oldest.occurred_at) >= start &&
    (timeline.data?.pages.length ?? 0) < CHART_MAX_PAGES;
  const { fetchNextPage, isFetching, hasNextPage, isFetchingNextPage } = timeline;

  useEffect(() => {
    if (needsMoreForChart && !isFetching) void fetchNextPage();
  }, [needsMoreForChart, isFetching, fetchNextPage]);

  const days = useMemo(() => eventsPerDay(events, now), [events, now]);
  // The server counts the hidden events of every name, so the count is only shown unfiltered.
  const hidden = name ? 0 : (timeline.data?.pages[0]?.hidden_count ?? 0);
  const hasMore = shown < events.length || hasNextPage;
  const showMore = () => {
    setShown((count) => count + TIMELINE_STEP);
    if (shown + TIMELINE_STEP >= events.length && hasNextPage && !isFetchingNextPage) void fetchNextPage();
  };
  const sentinel = useOnVisible<HTMLDivElement>(showMore, hasMore && !isFetchingNextPage && !timeline.isPlaceholderData);

  if (timeline.isPending) return <Spinner label="Loading events…" />;
  if (timeline.isError) return <Alert>Could not load events: {timeline.error.message}</Alert>;
  return (
    <>
      <EventsChart days={days} partial={needsMoreForChart} />
      {hidden > 0 ? <p className="timeline__hidden">{hiddenEventsText(hidden)}</p> : null}
      {events.length === 0 ? (
        <p className="empty-note">{name ? `No “${name}” events.` : 'No events yet.'}</p>
      ) : null}
      <ul className="event-list timeline__list" aria-label="Events">
        {events.slice(0, shown).map((event) => (
          <EventRow key={event.id} event={event} now={now} />
        ))}
      </ul>
      {hasMore ? (
        <div ref={sentinel} className="timeline__more">
          <button type="button" className="link-button" disabled={isFetchingNextPage} onClick={showMore}>
            {isFetchingNextPage ? 'Loading…' : 'Load more events'}
          </button>
        </div>
      ) : null}
    </>
  );
}
