//! POST /tags: a new library tag; when the name is taken (409 `tag_exists`) the existing tag is used instead.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { isApiError, type ApiError } from '@/api/api-error';
import { api, unwrap } from '@/api/client';
import type { NewTag, TagRef } from '@/api/types';
import { tagKeys } from './query-keys';

/** The tag to apply: the created one, or the one that already had this name. */
export async function createOrFindTag(body: NewTag): Promise<TagRef> {
  try {
    const tag = await unwrap(api.POST('/api/v1/tags', { body }));
    return { id: tag.id, name: tag.name, color: tag.color };
  } catch (error) {
    const existing = isApiError(error, 409) ? error.details.tag_id : undefined;
    if (typeof existing !== 'number') throw error;
    return { id: existing, name: normalizeTagName(body.name), color: body.color ?? 'gray' };
  }
}

/** The server's normalization, so the picker can tell whether a typed name exists: "VIP Customer" → `vip-customer`. */
export function normalizeTagName(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
}

export function useCreateTag() {
  const queryClient = useQueryClient();
  return useMutation<TagRef, ApiError, NewTag>({
    mutationFn: createOrFindTag,
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: tagKeys.all }),
  });
}
