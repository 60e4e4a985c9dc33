//! Who set a custom-data value, in words an agent reads at a glance.
import { formatRelativeTime } from '@/lib/format';

const SOURCES: Record<string, string> = {
  identify: 'set by the app through identify',
  api: "set by the app's server through the API",
  agent: 'set by an agent',
};

export function describeProvenance(source: string, updatedAt: string, now: Date): string {
  const who = SOURCES[source] ?? `set through ${source}`;
  return `${who}, ${formatRelativeTime(updatedAt, now, 'at an unknown time')}`;
}
