//! Which fields two contacts disagree on, what a merge keeps by default (SPEC §5), and the `choose` object to send.
import type { ContactProfile } from '@/api/types';

export type Side = 'from' | 'into';

export type FieldRow = {
  /** The `choose` key: a profile field name or `custom_data:{app_id}:{key}`. */
  key: string;
  label: string;
  into: string;
  from: string;
  /** What the server keeps when nothing is chosen. */
  defaultSide: Side;
};

const PROFILE_FIELDS: { key: string; label: string; read: (c: ContactProfile) => string }[] = [
  { key: 'name', label: 'Name', read: (c) => c.name ?? '' },
  { key: 'email', label: 'Email', read: (c) => c.email ?? '' },
  { key: 'phone', label: 'Phone', read: (c) => c.phone ?? '' },
  { key: 'company', label: 'Company', read: (c) => c.company ?? '' },
  { key: 'external_id', label: 'External ID', read: (c) => c.external_id ?? '' },
  {
    key: 'location',
    label: 'Location',
    read: (c) => [c.location.city, c.location.region, c.location.country].filter(Boolean).join(', '),
  },
  { key: 'time_zone', label: 'Time zone', read: (c) => c.time_zone ?? '' },
  { key: 'shopify_domain', label: 'Shopify store', read: (c) => c.shopify_domain ?? '' },
  { key: 'avatar_url', label: 'Avatar', read: (c) => c.avatar_url ?? '' },
];

/** Profile fields whose values differ; the survivor's non-empty value is kept by default, else the merged one's. */
export function differingFields(into: ContactProfile, from: ContactProfile): FieldRow[] {
  return PROFILE_FIELDS.flatMap(({ key, label, read }) => {
    const [a, b] = [read(into), read(from)];
    if (a === b) return [];
    return [{ key, label, into: a, from: b, defaultSide: a.trim() ? 'into' : 'from' } satisfies FieldRow];
  });
}

function show(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Custom-data keys both contacts hold with different values; the newer value is kept by default (a tie keeps the survivor's). */
export function differingCustomData(into: ContactProfile, from: ContactProfile): FieldRow[] {
  const rows: FieldRow[] = [];
  for (const group of from.custom_data) {
    const theirs = into.custom_data.find((g) => g.app_id === group.app_id);
    for (const item of group.items) {
      const mine = theirs?.items.find((i) => i.key === item.key);
      if (!mine || show(mine.value) === show(item.value)) continue;
      rows.push({
        key: `custom_data:${group.app_id}:${item.key}`,
        label: `${group.app_name} · ${item.key}`,
        into: show(mine.value),
        from: show(item.value),
        defaultSide: Date.parse(item.updated_at) > Date.parse(mine.updated_at) ? 'from' : 'into',
      });
    }
  }
  return rows;
}

/** Different non-empty external IDs: the server refuses these as two people (409). */
export function externalIdsConflict(into: ContactProfile, from: ContactProfile): boolean {
  return Boolean(into.external_id && from.external_id && into.external_id !== from.external_id);
}

/** The `choose` object: every row the agent can see, with their pick or the default. */
export function chooseFor(rows: FieldRow[], picks: Record<string, Side>): Record<string, Side> {
  return Object.fromEntries(rows.map((row) => [row.key, picks[row.key] ?? row.defaultSide]));
}
