//! GET /tags?scope=&q=: the organization's tag library, narrowed to what fits on a contact or a conversation.
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/api/client';
import type { Tag, TagScope } from '@/api/types';
import { tagKeys } from './query-keys';

export const TAG_SEARCH_LIMIT = 50;

/** The tags the picker may offer: the server filters by scope, and this keeps it honest. */
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
