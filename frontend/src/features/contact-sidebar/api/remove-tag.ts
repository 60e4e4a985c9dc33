//! DELETE /contacts/{id}/tags/{tag_id} and DELETE /conversations/{id}/tags/{tag_id}: the tag stays in the library.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ApiError } from '@/api/api-error';
import { api, unwrap } from '@/api/client';
import type { TagRef } from '@/api/types';
import { restoreSidebar, type SidebarSnapshot } from './query-keys';
import { invalidateTarget, patchTags, type TagTarget } from './tag-target';

export function removeTag(target: TagTarget, tagId: number): Promise<unknown> {
  return target.kind === 'contact'
    ? unwrap(
        api.DELETE('/api/v1/contacts/{id}/tags/{tag_id}', { params: { path: { id: target.contactId, tag_id: tagId } } }),
      )
    : unwrap(
        api.DELETE('/api/v1/conversations/{id}/tags/{tag_id}', {
          params: { path: { id: target.conversationId, tag_id: tagId } },
        }),
      );
}

export function useRemoveTag(target: TagTarget) {
  const queryClient = useQueryClient();
  return useMutation<unknown, ApiError, TagRef, { previous: SidebarSnapshot | undefined }>({
    mutationFn: (tag) => removeTag(target, tag.id),
    onMutate: (tag) => ({
      previous: patchTags(queryClient, target, (tags) => tags.filter((existing) => existing.id !== tag.id)),
    }),
    onError: (_error, _tag, context) => restoreSidebar(queryClient, target.conversationId, context?.previous),
    onSettled: () => invalidateTarget(queryClient, target),
  });
}
