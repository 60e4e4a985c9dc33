//! Tags on something: chips to remove, and the inline picker to add or create; the owner supplies the writes.
import { useCallback, useRef, useState } from 'react';
import type { Tag, TagColor, TagRef, TagScope } from '@/api/types';
import { Alert } from '@/components/ui/alert';
import { useRovingFocus } from '@/hooks/use-roving-focus';
import { TagChip } from './tag-chip';
import { tagErrorText, useCreateTag, useWidenTag } from './tag-library';
import { TagPicker } from './tag-picker';

type TagEditorProps = {
  scope: TagScope;
  tags: readonly TagRef[];
  onAdd: (tag: TagRef) => void;
  onRemove: (tag: TagRef) => void;
  addError?: string | null;
  removeError?: string | null;
  /** Owners and admins: a tag of the other scope may be allowed here too (PATCH /tags/{id}). */
  canWidenScope?: boolean;
};

export function TagEditor({ scope, tags, onAdd, onRemove, addError, removeError, canWidenScope = false }: TagEditorProps) {
  const noun = `${scope} tag`;
  const [open, setOpen] = useState(false);
  const addButton = useRef<HTMLButtonElement>(null);
  const list = useRef<HTMLUListElement>(null);
  // The chips are one Tab stop; arrows move between their remove buttons.
  const rovingRef = useRovingFocus<HTMLUListElement>({ items: '.tag-chip__remove' });
  const listRef = useCallback(
    (node: HTMLUListElement | null) => {
      list.current = node;
      rovingRef(node);
    },
    [rovingRef],
  );
  const create = useCreateTag();
  const widen = useWidenTag();
  const removeLabel = (tag: TagRef) => `Remove ${noun} ${tag.name}`;

  const close = () => {
    setOpen(false);
    create.reset();
    widen.reset();
    addButton.current?.focus();
  };
  const pick = (tag: TagRef) => {
    onAdd(tag);
    close();
  };
  const createAndPick = (name: string, color: TagColor) => {
    create.mutate({ name, color, scope }, { onSuccess: pick });
  };
  const widenAndPick = (tag: Tag) => {
    widen.mutate({ tag, scope }, { onSuccess: pick });
  };
  // The removed chip's button has focus; without a new home it would fall to <body>. The next chip,
  // else the previous one, else the Add button, all still on the page at this point.
  const remove = (tag: TagRef, index: number) => {
    const neighbour = tags[index + 1] ?? tags[index - 1];
    const target = neighbour
      ? [...(list.current?.querySelectorAll<HTMLButtonElement>('.tag-chip__remove') ?? [])].find(
          (button) => button.getAttribute('aria-label') === removeLabel(neighbour),
        )
      : addButton.current;
    target?.focus();
    onRemove(tag);
  };
  const pickerError = create.error
    ? tagErrorText(create.error, create.variables?.name, scope)
    : widen.error
      ? tagErrorText(widen.error, widen.variables?.tag.name, scope)
      : null;

  return (
    <div className="tag-editor">
      {tags.length === 0 ? <p className="empty-note">No {noun}s yet.</p> : null}
      {tags.length > 0 ? (
        <ul
          ref={listRef}
          className="tag-list"
          aria-label={`${noun}s`}
        >
          {tags.map((tag, index) => (
            <TagChip
              key={tag.id}
              tag={tag}
              removeLabel={removeLabel(tag)}
              onRemove={() => remove(tag, index)}
            />
          ))}
        </ul>
      ) : null}
      {addError ? <Alert>Could not add the tag: {addError}</Alert> : null}
      {removeError ? <Alert>Could not remove the tag: {removeError}</Alert> : null}
      <button
        ref={addButton}
        type="button"
        className="link-button"
        aria-expanded={open}
        onClick={() => (open ? close() : setOpen(true))}
      >
        Add {noun}
      </button>
      {open ? (
        <TagPicker
          scope={scope}
          noun={noun}
          applied={tags}
          busy={create.isPending || widen.isPending}
          error={pickerError}
          onPick={pick}
          onCreate={createAndPick}
          onWiden={canWidenScope ? widenAndPick : undefined}
          onClose={close}
        />
      ) : null}
    </div>
  );
}
