//! Who set a custom-data value, in words an agent reads at a glance.
import type { CustomDataEntry } from '@/api/types';
import { formatRelativeTime } from '@/lib/format';

const SOURCES: Record<string, string> = {
  identify: 'set by the app through identify',
  api: "set by the app's server through the API",
  agent: 'set by an agent',
};

/**
 * An unverified identify's keys are the visitor's claim (anyone can send them), not the app's: say so,
 * whatever app the group belongs to (SPEC §3).
 */
const UNVERIFIED = 'set by the visitor through an unverified identify';

/**
 * With the app's name when known: "set by Product Reviews through identify, 2 hours ago"; for an
 * unverified entry, "set by the visitor through an unverified identify, 2 hours ago".
 */
export function describeProvenance(
  entry: Pick<CustomDataEntry, 'source' | 'updated_at' | 'verified'>,
  now: Date,
  appName?: string,
): string {
  const { source } = entry;
  const generic = SOURCES[source] ?? `set through ${source}`;
  const who =
    entry.verified === false
      ? UNVERIFIED
      : appName && source !== 'agent'
        ? generic.replace("the app's server", `the ${appName} server`).replace('the app', appName)
        : generic;
  return `${who}, ${formatRelativeTime(entry.updated_at, now, 'at an unknown time')}`;
}
