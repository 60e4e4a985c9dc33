//! The contacts list's order: last seen (the default, who was here most recently), name, or newest.
import type { ContactSort } from '@/api/types';

export const SORT_LABELS: Record<ContactSort, string> = {
  last_seen: 'Last seen',
  name: 'Name',
  created: 'Newest',
};

const SORTS = Object.keys(SORT_LABELS) as ContactSort[];

/** The order a URL asks for; anything else (an old link, a typo) is the default. */
export function parseContactSort(value: string | null): ContactSort {
  return SORTS.find((sort) => sort === value) ?? 'last_seen';
}

type ContactSortSelectProps = { value: ContactSort; onChange: (sort: ContactSort) => void };

export function ContactSortSelect({ value, onChange }: ContactSortSelectProps) {
  return (
    <label className="contact-sort">
      <span className="contact-sort__label">Sort by</span>
      <select
        className="input contact-sort__select"
        value={value}
        onChange={(event) => onChange(parseContactSort(event.target.value))}
      >
        {SORTS.map((sort) => (
          <option key={sort} value={sort}>
            {SORT_LABELS[sort]}
          </option>
        ))}
      </select>
    </label>
  );
}
