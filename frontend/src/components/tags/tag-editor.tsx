//! Tags on something: chips to remove, and the inline picker to add or create; the owner supplies the writes.
import { useRef, useState } from 'react';
import type { TagColor, TagRef, TagScope } from '@/api/types';
import { Alert } from '@/components/ui/alert';
import { TagChip } from './tag-chip';
import { useCreateTag } from './tag-library';
import { TagPicker } from './tag-picker';

type TagEditorProps = {
  scope: TagScope;
  tags: readonly TagRef[];
  onAdd: (tag: TagRef) => void;
  onRemove: (tag: TagRef) => void;
  addError?: string | null;
  removeError?: string | null;
};

export function TagEditor({ scope, tags, onAdd, onRemove, addError, removeError }: TagEditorProps) {
  const noun = `${scope} tag`;
  const [open, setOpen] = useState(false);
  const addButton = useRef<HTMLButtonElement>(null);
  const create = useCreateTag();

  const close = () => {
    setOpen(false);
    create.reset();
    addButton.current?.focus();
  };
  const pick = (tag: TagRef) => {
    onAdd(tag);
    close();
  };
  const createAndPick = (name: string, color: TagColor) => {
    create.mutate({ name, color, scope }, { onSuccess: pick });
  };

  return (
    <div className="tag-editor">
      {tags.length === 0 ? <p className="empty-note">No {noun}s yet.</p> : null}
      {tags.length > 0 ? (
        <ul className="tag-list" aria-label={`${noun}s`}>
          {tags.map((tag) => (
            <TagChip key={tag.id} tag={tag} removeLabel={`Remove ${noun} ${tag.name}`} onRemove={() => onRemove(tag)} />
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
          busy={create.isPending}
          error={create.error?.message ?? null}
          onPick={pick}
          onCreate={createAndPick}
          onClose={close}
        />
      ) : null}
    </div>
  );
}
