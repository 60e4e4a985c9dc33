//! The contacts search box: submits the query to the URL so results can be linked and reloaded.
import { useState, type FormEvent } from 'react';

type ContactSearchProps = {
  initialQuery: string;
  onSearch: (query: string) => void;
};

export function ContactSearch({ initialQuery, onSearch }: ContactSearchProps) {
  const [query, setQuery] = useState(initialQuery);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    onSearch(query.trim());
  };

  return (
    <form role="search" className="contact-search" onSubmit={onSubmit}>
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
      <button type="submit" className="button">
        Search
      </button>
    </form>
  );
}
