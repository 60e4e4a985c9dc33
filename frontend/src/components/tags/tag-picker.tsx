//! The inline tag picker: search the library (only tags of the right scope), pick one, or create a new one.
//! A typed name that a tag of another scope holds is never offered as new: owners and admins may
//! allow that tag here too, others are told why it can't be used.
import { useId, useState, type KeyboardEvent } from 'react';
import { TAG_COLORS, type Tag, type TagColor, type TagRef, type TagScope } from '@/api/types';
import { Alert } from '@/components/ui/alert';
import { capitalize } from '@/lib/format';
import { useDebouncedValue } from '@/hooks/use-debounced-value';
import { fitsScope, normalizeTagName, SCOPE_PLURAL, scopeMismatchText, useTagNamed, useTags } from './tag-library';
import './tags.css';

type TagPickerProps = {
  scope: TagScope;
  /** "contact tag" / "conversation tag", for labels. */
  noun: string;
  applied: readonly TagRef[];
  busy: boolean;
  error: string | null;
  onPick: (tag: TagRef) => void;
  onCreate: (name: string, color: TagColor) => void;
  /** Offered to owners and admins: let a tag of another scope go here too, then apply it. */
  onWiden?: (tag: Tag) => void;
  onClose: () => void;
};

export function TagPicker({ scope, noun, applied, busy, error, onPick, onCreate, onWiden, onClose }: TagPickerProps) {
  const id = useId();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const [color, setColor] = useState<TagColor>('gray');
  const search = useDebouncedValue(normalizeTagName(query), 150);
  const tags = useTags(scope, search);

  const newName = normalizeTagName(query);
  const library = tags.data ?? [];
  // The previous search's results stay up while the next loads; narrow them to what is typed now.
  const options = library.filter(
    (tag) => tag.name.startsWith(newName) && !applied.some((other) => other.id === tag.id),
  );
  const exists = library.some((tag) => tag.name === newName) || applied.some((tag) => tag.name === newName);
  const settled = newName !== '' && !exists && search === newName && !tags.isFetching;
  const named = useTagNamed(newName, settled);
  const elsewhere = named.data && !fitsScope(named.data, scope) ? named.data : null;
  const canCreate = settled && named.isSuccess && !named.isFetching && named.data === null;
  const activeIndex = Math.min(active, Math.max(options.length - 1, 0));
  const listId = `${id}-options`;

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (options.length === 0) return;
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((activeIndex + step + options.length) % options.length);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const option = options[activeIndex];
      if (option && !busy) onPick(option);
      else if (canCreate && !busy) onCreate(newName, color);
      else if (elsewhere && onWiden && !busy) onWiden(elsewhere);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      onClose();
    }
  };

  return (
    // Escape anywhere in the picker (e.g. on a colour) closes it.
    // oxlint-disable-next-line jsx-a11y/no-static-element-interactions
    <div
      className="tag-picker"
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.preventDefault();
          onClose();
        }
      }}
    >
      <input
        className="input tag-picker__search"
        type="text"
        role="combobox"
        aria-label={`Search ${noun}s`}
        aria-expanded="true"
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={options[activeIndex] ? `${id}-option-${options[activeIndex].id}` : undefined}
        placeholder="Search or create a tag"
        autoComplete="off"
        spellCheck={false}
        value={query}
        autoFocus
        onChange={(event) => {
          setQuery(event.target.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
      />
      <div id={listId} role="listbox" aria-label={`${capitalize(noun)}s`} className="tag-picker__options">
        {options.map((tag, index) => (
          <div
            key={tag.id}
            id={`${id}-option-${tag.id}`}
            role="option"
            aria-selected={index === activeIndex}
            className="tag-picker__option"
            // Keep focus in the search box while clicking an option.
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => !busy && onPick(tag)}
            // Options are reached through the search box (aria-activedescendant), not by Tab.
            tabIndex={-1}
            onKeyDown={(event) => {
              if (event.key === 'Enter' && !busy) onPick(tag);
            }}
          >
            <span className={`tag-swatch tag-swatch--${tag.color}`} aria-hidden="true" />
            {tag.name}
          </div>
        ))}
      </div>
      {options.length === 0 && !tags.isPending && !elsewhere ? (
        <p className="tag-picker__empty">{library.length === 0 && !query ? 'The tag library is empty.' : 'No matching tags.'}</p>
      ) : null}
      {tags.isError ? <p className="tag-picker__empty">Could not load tags: {tags.error.message}</p> : null}
      {canCreate ? (
        <div className="tag-picker__create">
          <fieldset className="tag-picker__colors">
            <legend className="visually-hidden">Colour for the new tag</legend>
            {TAG_COLORS.map((option) => (
              <label key={option} className={`tag-swatch-option tag-swatch--${option}`} title={capitalize(option)}>
                <input
                  type="radio"
                  name={`${id}-color`}
                  value={option}
                  checked={color === option}
                  onChange={() => setColor(option)}
                  className="visually-hidden"
                />
                <span className="visually-hidden">{capitalize(option)}</span>
              </label>
            ))}
          </fieldset>
          <button type="button" className="button tag-picker__create-button" disabled={busy} onClick={() => onCreate(newName, color)}>
            Create “{newName}”
          </button>
        </div>
      ) : null}
      {elsewhere ? (
        <div className="tag-picker__elsewhere">
          <p className="tag-picker__empty">
            {scopeMismatchText(elsewhere.name, elsewhere.scope, scope)}{' '}
            {onWiden
              ? `Allow it on ${SCOPE_PLURAL[scope]} too?`
              : `An owner or admin can allow it on ${SCOPE_PLURAL[scope]} too.`}
          </p>
          {onWiden ? (
            <button type="button" className="button tag-picker__create-button" disabled={busy} onClick={() => onWiden(elsewhere)}>
              Allow on {SCOPE_PLURAL[scope]}
            </button>
          ) : null}
        </div>
      ) : null}
      {error ? <Alert>{error}</Alert> : null}
    </div>
  );
}
