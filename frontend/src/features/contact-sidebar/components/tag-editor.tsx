//! Sidebar tags on the contact or the conversation: the shared editor, writing through the sidebar's cache.
import type { TagRef } from '@/api/types';
import { TagEditor as SharedTagEditor } from '@/components/tags/tag-editor';
import { useAddTag } from '../api/add-tag';
import { useRemoveTag } from '../api/remove-tag';
import { targetScope, type TagTarget } from '../api/tag-target';

type TagEditorProps = { target: TagTarget; tags: readonly TagRef[] };

export function TagEditor({ target, tags }: TagEditorProps) {
  const add = useAddTag(target);
  const remove = useRemoveTag(target);
  return (
    <SharedTagEditor
      scope={targetScope(target)}
      tags={tags}
      onAdd={(tag) => add.mutate(tag)}
      onRemove={(tag) => remove.mutate(tag)}
      addError={add.isError ? add.error.message : null}
      removeError={remove.isError ? remove.error.message : null}
    />
  );
}
