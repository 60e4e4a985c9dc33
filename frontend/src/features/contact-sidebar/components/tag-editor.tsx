//! Sidebar tags on the contact or the conversation: the shared editor, writing through the sidebar's cache.
import type { TagRef } from '@/api/types';
import { TagEditor as SharedTagEditor } from '@/components/tags/tag-editor';
import { tagErrorText } from '@/components/tags/tag-library';
import { useAddTag } from '../api/add-tag';
import { useRemoveTag } from '../api/remove-tag';
import { targetScope, type TagTarget } from '../api/tag-target';

type TagEditorProps = { target: TagTarget; tags: readonly TagRef[]; canWidenScope: boolean };

export function TagEditor({ target, tags, canWidenScope }: TagEditorProps) {
  const add = useAddTag(target);
  const remove = useRemoveTag(target);
  const scope = targetScope(target);
  return (
    <SharedTagEditor
      scope={scope}
      tags={tags}
      onAdd={(tag) => add.mutate(tag)}
      onRemove={(tag) => remove.mutate(tag)}
      addError={add.isError ? tagErrorText(add.error, add.variables?.name, scope) : null}
      removeError={remove.isError ? tagErrorText(remove.error, remove.variables?.name, scope) : null}
      canWidenScope={canWidenScope}
    />
  );
}
