//! Who set a custom-data value, in words an agent reads at a glance.
import { formatRelativeTime } from '@/lib/format';

const SOURCES: Record<string, string> = {
  identify: 'set by the app through identify',
  api: "set by the app's server through the API",
  agent: 'set by an agent',
};

/** With the app's name when known: "set by Product Reviews through identify, 2 hours ago". */
export function describeProvenance(source: string, updatedAt: string, now: Date, appName?: string): string {
  const generic = SOURCES[source] ?? `set through ${source}`;
  const who = appName && source !== 'agent' ? generic.replace("the app's server", `the ${appName} server`).replace('the app', appName) : generic;
  return `${who}, ${formatRelativeTime(updatedAt, now, 'at an unknown time')}`;
}
