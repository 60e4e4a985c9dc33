//! Tags on the contact or the conversation: chips to remove, and the inline picker to add or create.
import { useRef, useState } from 'react';
import type { TagColor, TagRef } from '@/api/types';
import { Alert } from '@/components/ui/alert';
import { useAddTag } from '../api/add-tag';
import { useCreateTag } from '../api/create-tag';
import { useRemoveTag } from '../api/remove-tag';
import { targetScope, type TagTarget } from '../api/tag-target';
import { TagChip } from './tag-chip';
import { TagPicker } from './tag-picker';

type TagEditorProps = { target: TagTarget; tags: readonly TagRef[] };

export function TagEditor({ target, tags }: TagEditorProps) {
  const noun = `${target.kind} tag`;
  const [open, setOpen] = useState(false);
  const addButton = useRef<HTMLButtonElement>(null);
  const add = useAddTag(target);
  const remove = useRemoveTag(target);
  const create = useCreateTag();

  const close = () => {
    setOpen(false);
    create.reset();
    addButton.current?.focus();
  };
  const pick = (tag: TagRef) => {
    add.mutate(tag);
    close();
  };
  const createAndPick = (name: string, color: TagColor) => {
    create.mutate({ name, color, scope: targetScope(target) }, { onSuccess: pick });
  };

  return (
    <div className="tag-editor">
      {tags.length === 0 ? <p className="sidebar-empty">No {noun}s yet.</p> : null}
      {tags.length > 0 ? (
        <ul className="tag-list" aria-label={`${noun}s`}>
          {tags.map((tag) => (
            <TagChip key={tag.id} tag={tag} removeLabel={`Remove ${noun} ${tag.name}`} onRemove={() => remove.mutate(tag)} />
          ))}
        </ul>
      ) : null}
      {add.isError ? <Alert>Could not add the tag: {add.error.message}</Alert> : null}
      {remove.isError ? <Alert>Could not remove the tag: {remove.error.message}</Alert> : null}
      <button
        ref={addButton}
        type="button"
        className="sidebar-link-button"
        aria-expanded={open}
        onClick={() => (open ? close() : setOpen(true))}
      >
        Add {noun}
      </button>
      {open ? (
        <TagPicker
          scope={targetScope(target)}
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
