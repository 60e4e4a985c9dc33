//! The organization's tag library, shared by every tag picker: GET /tags?scope=&q=, POST /tags, and
//! PATCH /tags/{id} to let a tag go on both contacts and conversations.
import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { isApiError, type ApiError } from '@/api/api-error';
import { api, unwrap } from '@/api/client';
import type { NewTag, Tag, TagRef, TagScope } from '@/api/types';

export const TAG_SEARCH_LIMIT = 50;

export const tagKeys = {
  all: ['tags'] as const,
  list: (scope: TagScope, q: string) => ['tags', 'list', scope, q] as const,
  named: (name: string) => ['tags', 'named', name] as const,
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

/** The library's tag with exactly this (normalized) name, whatever its scope; null when there is none. */
export async function getTagNamed(name: string, signal?: AbortSignal): Promise<Tag | null> {
  const list = await unwrap(api.GET('/api/v1/tags', { params: { query: { q: name, limit: TAG_SEARCH_LIMIT } }, signal }));
  return list.items.find((tag) => tag.name === name) ?? null;
}

/**
 * Asked only when the picker's scoped search has no tag of the typed name: a tag of another scope
 * may still hold it, and offering to create it would end in 409 and then 422.
 */
export function useTagNamed(name: string, enabled: boolean) {
  return useQuery({
    queryKey: tagKeys.named(name),
    queryFn: ({ signal }) => getTagNamed(name, signal),
    enabled: enabled && name !== '',
  });
}

/** The scope a tag gets to also go on `scope`: `both` unless it already fits. */
export function widenedScope(tag: Tag, scope: TagScope): TagScope {
  return fitsScope(tag, scope) ? tag.scope : 'both';
}

/** PATCH /tags/{id} `{scope: 'both'}` (owners and admins), so the tag fits `scope` too. */
export function useWidenTag() {
  const queryClient = useQueryClient();
  return useMutation<TagRef, ApiError, { tag: Tag; scope: TagScope }>({
    mutationFn: async ({ tag, scope }) => {
      const stored = await unwrap(
        api.PATCH('/api/v1/tags/{id}', { params: { path: { id: tag.id } }, body: { scope: widenedScope(tag, scope) } }),
      );
      return { id: stored.id, name: stored.name, color: stored.color };
    },
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: tagKeys.all }),
  });
}

const SCOPE_NOUN: Record<TagScope, string> = { contact: 'contact', conversation: 'conversation', both: 'contact and conversation' };
export const SCOPE_PLURAL: Record<TagScope, string> = { contact: 'contacts', conversation: 'conversations', both: 'contacts and conversations' };

/** "“vip” is a contact tag, so it can’t go on a conversation." */
export function scopeMismatchText(name: string, tagScope: TagScope, wanted: TagScope): string {
  return `“${name}” is a ${SCOPE_NOUN[tagScope]} tag, so it can’t go on a ${SCOPE_NOUN[wanted]}.`;
}

/** The other scope a tag must have had to be refused on `wanted`. */
function otherScope(wanted: TagScope): TagScope {
  return wanted === 'contact' ? 'conversation' : 'contact';
}

/**
 * A tag write's failure in our own words, keyed on the error's code, so no server wording (or the
 * markup in it, such as backticks) reaches the page: "“vip” is for contacts only, so it can’t go on
 * a conversation."
 */
export function tagErrorText(error: ApiError, tagName: string | undefined, wanted: TagScope): string {
  const name = tagName ? `“${tagName}”` : 'This tag';
  switch (error.code) {
    case 'tag_scope_mismatch':
      return `${name} is for ${SCOPE_PLURAL[otherScope(wanted)]} only, so it can’t go on a ${SCOPE_NOUN[wanted]}.`;
    case 'tag_exists':
      return `A tag named ${name} already exists.`;
    case 'not_found':
      return `${name} is no longer in the tag library.`;
    case 'forbidden':
      return 'Only owners and admins can change the tag library.';
    default:
      return plainText(error.message);
  }
}

/** Drops inline-code markup from a message: `vip` → “vip”. */
export function plainText(message: string): string {
  return message.replace(/`([^`]*)`/g, '“$1”').replace(/`/g, '');
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
