//! Formatting helpers for dates and labels shown in the UI.
const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

/** "5 minutes ago", "yesterday", "just now"; `fallback` when there is no date. */
export function formatRelativeTime(iso: string | null | undefined, now: Date, fallback = 'Never'): string {
  if (!iso) return fallback;
  const then = new Date(iso);
  if (Number.isNaN(then.getTime())) return fallback;
  const seconds = Math.round((then.getTime() - now.getTime()) / 1000);
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return relative.format(Math.round(seconds / size), unit);
  }
  return 'just now';
}

const dateTime = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' });

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '—' : dateTime.format(date);
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The wall-clock time in an IANA time zone ("9:41 AM"), or null for a zone the browser does not know. */
export function formatTimeInZone(timeZone: string | null | undefined, now: Date): string | null {
  if (!timeZone) return null;
  try {
    return new Intl.DateTimeFormat('en', { timeZone, hour: 'numeric', minute: '2-digit' }).format(now);
  } catch {
    return null;
  }
}

/** A JSON value as plain text: strings as they are, everything else as JSON. */
export function formatValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '—';
  return JSON.stringify(value);
}

/**
 * The contact's events sent by apps the viewer does not operate, said as the sidebar's history says its
 * hidden conversations (SPEC §2): "3 more events are from apps you don’t have access to."
 */
export function hiddenEventsText(count: number): string {
  return count === 1
    ? '1 more event is from an app you don’t have access to.'
    : `${count} more events are from apps you don’t have access to.`;
}
