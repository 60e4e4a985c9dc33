//! Events per day over the last 90 days: an inline SVG bar chart with a text summary for everyone.
import { useId } from 'react';
import type { DayCount } from '../utils/events-per-day';

const BAR_WIDTH = 4;
const GAP = 1;
const HEIGHT = 48;

function formatDay(day: string): string {
  const [year = 1970, month = 1, date = 1] = day.split('-').map(Number);
  return new Date(year, month - 1, date).toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
}

export function summarizeDays(days: readonly DayCount[]): string {
  const total = days.reduce((sum, day) => sum + day.count, 0);
  if (total === 0) return `No events in the last ${days.length} days.`;
  const busiest = days.reduce<DayCount>((best, day) => (day.count > best.count ? day : best), { day: '', count: 0 });
  const active = days.filter((day) => day.count > 0).length;
  const noun = total === 1 ? 'event' : 'events';
  const spread = `${total} ${noun} in the last ${days.length} days, on ${active} ${active === 1 ? 'day' : 'days'}`;
  return busiest.count > 1 ? `${spread}; busiest ${formatDay(busiest.day)} (${busiest.count}).` : `${spread}.`;
}

type EventsChartProps = { days: readonly DayCount[]; partial: boolean };

export function EventsChart({ days, partial }: EventsChartProps) {
  const summaryId = useId();
  const max = Math.max(1, ...days.map((day) => day.count));
  const width = days.length * (BAR_WIDTH + GAP);
  return (
    <figure className="events-chart">
      <svg
        className="events-chart__svg"
        viewBox={`0 0 ${width} ${HEIGHT}`}
        preserveAspectRatio="none"
        role="img"
        aria-labelledby={summaryId}
      >
        <line x1="0" y1={HEIGHT - 0.5} x2={width} y2={HEIGHT - 0.5} className="events-chart__axis" />
        {days.map((day, index) => {
          const height = day.count === 0 ? 0 : Math.max(2, (day.count / max) * (HEIGHT - 2));
          return (
            <rect
              key={day.day}
              className="events-chart__bar"
              x={index * (BAR_WIDTH + GAP)}
              y={HEIGHT - height}
              width={BAR_WIDTH}
              height={height}
              data-day={day.day}
              data-count={day.count}
            >
              <title>{`${formatDay(day.day)}: ${day.count}`}</title>
            </rect>
          );
        })}
      </svg>
      {days.length > 0 ? (
        <div className="events-chart__scale" aria-hidden="true">
          <span>{formatDay(days[0]?.day ?? '')}</span>
          <span>Today</span>
        </div>
      ) : null}
      <figcaption id={summaryId} className="events-chart__summary">
        {summarizeDays(days)}
        {partial ? ' (from the events loaded so far)' : ''}
      </figcaption>
    </figure>
  );
}
