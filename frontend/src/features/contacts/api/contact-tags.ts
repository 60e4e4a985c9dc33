//! PUT and DELETE /contacts/{id}/tags/{tag_id}: shown on the profile at once, undone on failure.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ApiError } from '@/api/api-error';
import { api, unwrap } from '@/api/client';
import type { ContactProfile, TagRef } from '@/api/types';
import { contactKeys, invalidateContactViews } from './query-keys';

type Context = { previous: ContactProfile | undefined };

function useContactTagMutation(
  contactId: number,
  request: (tag: TagRef) => Promise<unknown>,
  change: (tags: TagRef[], tag: TagRef) => TagRef[],
) {
  const queryClient = useQueryClient();
  const key = contactKeys.detail(contactId);
  return useMutation<unknown, ApiError, TagRef, Context>({
    mutationFn: request,
    onMutate: async (tag) => {
      await queryClient.cancelQueries({ queryKey: key });
      const previous = queryClient.getQueryData<ContactProfile>(key);
      if (previous) queryClient.setQueryData<ContactProfile>(key, { ...previous, tags: change(previous.tags, tag) });
      return { previous };
    },
    onError: (_error, _tag, context) => {
      if (context?.previous) queryClient.setQueryData(key, context.previous);
    },
    onSettled: () => invalidateContactViews(queryClient, contactId),
  });
}

export function useAddContactTag(contactId: number) {
  return useContactTagMutation(
    contactId,
    (tag) => unwrap(api.PUT('/api/v1/contacts/{id}/tags/{tag_id}', { params: { path: { id: contactId, tag_id: tag.id } } })),
    (tags, tag) => {
      if (tags.some((existing) => existing.id === tag.id)) return tags;
      // The server lists tags by name; the new one goes where the next refresh will put it.
      const index = tags.findIndex((existing) => existing.name.localeCompare(tag.name) > 0);
      return index === -1 ? [...tags, tag] : [...tags.slice(0, index), tag, ...tags.slice(index)];
    },
  );
}

export function useRemoveContactTag(contactId: number) {
  return useContactTagMutation(
    contactId,
    (tag) =>
      unwrap(api.DELETE('/api/v1/contacts/{id}/tags/{tag_id}', { params: { path: { id: contactId, tag_id: tag.id } } })),
    (tags, tag) => tags.filter((existing) => existing.id !== tag.id),
  );
}
