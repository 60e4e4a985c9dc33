//! The chart's per-day bucketing: local calendar days, a 90-day window ending today, nothing outside it.
import { describe, expect, it } from 'vitest';
import { summarizeDays } from '../components/events-chart';
import { eventsPerDay, localDayKey, windowStart } from './events-per-day';

const at = (year: number, month: number, day: number, hour = 12) => new Date(year, month - 1, day, hour).toISOString();

describe('eventsPerDay', () => {
  const now = new Date(2026, 10, 24, 15, 0); // 24 Nov 2026, 15:00 local

  it('returns one bucket per day for 90 days, oldest first, ending today', () => {
    const days = eventsPerDay([], now);
    expect(days).toHaveLength(90);
    expect(days.at(-1)).toEqual({ day: '2026-11-24', count: 0 });
    expect(days[0]?.day).toBe(localDayKey(windowStart(now)));
    expect(days[0]?.day).toBe('2026-08-27');
  });

  it('counts events on the local day they occurred, including the edges of the day', () => {
    const days = eventsPerDay(
      [
        { occurred_at: at(2026, 11, 24, 0) },
        { occurred_at: new Date(2026, 10, 23, 23, 59, 59).toISOString() },
        { occurred_at: at(2026, 11, 23, 8) },
        { occurred_at: at(2026, 11, 24, 14) },
        { occurred_at: at(2026, 8, 27, 0) },
      ],
      now,
    );
    const counts = Object.fromEntries(days.filter((day) => day.count > 0).map((day) => [day.day, day.count]));
    expect(counts).toEqual({ '2026-11-24': 2, '2026-11-23': 2, '2026-08-27': 1 });
  });

  it('leaves out events before the window, in the future, or with a bad date', () => {
    const days = eventsPerDay(
      [{ occurred_at: at(2026, 8, 26, 23) }, { occurred_at: at(2026, 11, 25, 9) }, { occurred_at: 'not a date' }],
      now,
    );
    expect(days.reduce((sum, day) => sum + day.count, 0)).toBe(0);
  });

  it('crosses a month and a year boundary', () => {
    const days = eventsPerDay([{ occurred_at: at(2025, 12, 31) }, { occurred_at: at(2026, 1, 1) }], new Date(2026, 0, 1, 9), 3);
    expect(days).toEqual([
      { day: '2025-12-30', count: 0 },
      { day: '2025-12-31', count: 1 },
      { day: '2026-01-01', count: 1 },
    ]);
  });

  it('summarizes the buckets as text', () => {
    expect(summarizeDays(eventsPerDay([], now))).toBe('No events in the last 90 days.');
    const days = eventsPerDay([{ occurred_at: at(2026, 11, 24) }, { occurred_at: at(2026, 11, 24) }, { occurred_at: at(2026, 11, 20) }], now);
    expect(summarizeDays(days)).toMatch(/^3 events in the last 90 days, on 2 days; busiest .*24.* \(2\)\.$/);
  });
});
