//! The contacts search box: results follow as you type (debounced), and the query lives in the URL.
import { useEffect, useState } from 'react';
import { useDebouncedValue } from '@/hooks/use-debounced-value';

export const SEARCH_DEBOUNCE_MS = 250;

type ContactSearchProps = {
  initialQuery: string;
  onSearch: (query: string) => void;
};

export function ContactSearch({ initialQuery, onSearch }: ContactSearchProps) {
  const [query, setQuery] = useState(initialQuery);
  const debounced = useDebouncedValue(query.trim(), SEARCH_DEBOUNCE_MS);

  useEffect(() => {
    if (debounced !== initialQuery) onSearch(debounced);
    // Only a settled change of what is typed searches; the URL catching up must not loop back.
    // oxlint-disable-next-line react/exhaustive-deps
  }, [debounced]);

  return (
    <form role="search" className="contact-search" onSubmit={(event) => {
      event.preventDefault();
      onSearch(query.trim());
    }}>
      <label htmlFor="contact-search-input" className="visually-hidden">
        Search contacts
      </label>
      <input
        id="contact-search-input"
        className="input contact-search__input"
        type="search"
        placeholder="Name, email, company or external ID"
        value={query}
        onChange={(event) => setQuery(event.target.value)}
      />
    </form>
  );
}
