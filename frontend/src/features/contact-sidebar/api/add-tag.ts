//! PUT /contacts/{id}/tags/{tag_id} and PUT /conversations/{id}/tags/{tag_id}: shown at once, undone on failure.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ApiError } from '@/api/api-error';
import { api, unwrap } from '@/api/client';
import type { TagRef } from '@/api/types';
import { restoreSidebar, type SidebarSnapshot } from './query-keys';
import { invalidateTarget, patchTags, type TagTarget } from './tag-target';

export function addTag(target: TagTarget, tagId: number): Promise<unknown> {
  return target.kind === 'contact'
    ? unwrap(api.PUT('/api/v1/contacts/{id}/tags/{tag_id}', { params: { path: { id: target.contactId, tag_id: tagId } } }))
    : unwrap(
        api.PUT('/api/v1/conversations/{id}/tags/{tag_id}', {
          params: { path: { id: target.conversationId, tag_id: tagId } },
        }),
      );
}

/** The server lists tags by name; a new one goes where the next refresh will put it. */
function insertByName(tags: TagRef[], tag: TagRef): TagRef[] {
  const index = tags.findIndex((existing) => existing.name.localeCompare(tag.name) > 0);
  const next = [...tags];
  next.splice(index === -1 ? next.length : index, 0, tag);
  return next;
}

export function useAddTag(target: TagTarget) {
  const queryClient = useQueryClient();
  return useMutation<unknown, ApiError, TagRef, { previous: SidebarSnapshot | undefined }>({
    mutationFn: (tag) => addTag(target, tag.id),
    onMutate: (tag) => ({
      previous: patchTags(queryClient, target, (tags) =>
        tags.some((existing) => existing.id === tag.id) ? tags : insertByName(tags, tag),
      ),
    }),
    onError: (_error, _tag, context) => restoreSidebar(queryClient, target.conversationId, context?.previous),
    onSettled: () => invalidateTarget(queryClient, target),
  });
}
