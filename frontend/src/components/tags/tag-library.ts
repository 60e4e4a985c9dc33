//! The organization's tag library, shared by every tag picker: GET /tags?scope=&q= and POST /tags.
import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { isApiError, type ApiError } from '@/api/api-error';
import { api, unwrap } from '@/api/client';
import type { NewTag, Tag, TagRef, TagScope } from '@/api/types';

export const TAG_SEARCH_LIMIT = 50;

export const tagKeys = {
  all: ['tags'] as const,
  list: (scope: TagScope, q: string) => ['tags', 'list', scope, q] as const,
};

/** The tags a picker may offer: the server filters by scope, and this keeps it honest. */
export function fitsScope(tag: Tag, scope: TagScope): boolean {
  return tag.scope === scope || tag.scope === 'both';
}

export async function getTags(scope: TagScope, q: string, signal?: AbortSignal): Promise<Tag[]> {
  const list = await unwrap(
    api.GET('/api/v1/tags', { params: { query: { scope, q: q || undefined, limit: TAG_SEARCH_LIMIT } }, signal }),
  );
  return list.items.filter((tag) => fitsScope(tag, scope));
}

export function tagsQueryOptions(scope: TagScope, q: string) {
  return queryOptions({
    queryKey: tagKeys.list(scope, q),
    queryFn: ({ signal }) => getTags(scope, q, signal),
    placeholderData: keepPreviousData,
  });
}

export function useTags(scope: TagScope, q: string) {
  return useQuery(tagsQueryOptions(scope, q));
}

/** The tag to apply: the created one, or the one that already had this name (409 `tag_exists`). */
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
