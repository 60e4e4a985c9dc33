//! Buckets timeline events into local calendar days for the profile's activity chart.

export type DayCount = { day: string; count: number };

/** `YYYY-MM-DD` of the local calendar day a moment falls on. */
export function localDayKey(date: Date): string {
  const month = String(date.getMonth() + 1).padStart(2, '0');
  const day = String(date.getDate()).padStart(2, '0');
  return `${date.getFullYear()}-${month}-${day}`;
}

/**
 * One entry per local day for the `days` days ending today (oldest first), counting the events
 * that occurred on each. Events before the window, or in the future, are left out.
 */
export function eventsPerDay(events: readonly { occurred_at: string }[], now: Date, days = 90): DayCount[] {
  const buckets: DayCount[] = [];
  const index = new Map<string, number>();
  for (let offset = days - 1; offset >= 0; offset -= 1) {
    const date = new Date(now.getFullYear(), now.getMonth(), now.getDate() - offset);
    const key = localDayKey(date);
    index.set(key, buckets.length);
    buckets.push({ day: key, count: 0 });
  }
  for (const event of events) {
    const at = new Date(event.occurred_at);
    if (Number.isNaN(at.getTime())) continue;
    const bucket = buckets[index.get(localDayKey(at)) ?? -1];
    if (bucket) bucket.count += 1;
  }
  return buckets;
}

/** The first moment of the chart's window: local midnight, `days - 1` days before today. */
export function windowStart(now: Date, days = 90): Date {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate() - (days - 1));
}
