//! GET /conversations/{id}/sidebar: everything the sidebar shows, in one request, revalidated with its ETag.
import { queryOptions, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { networkError, toApiError } from '@/api/api-error';
import { api } from '@/api/client';
import { sidebarKeys, type SidebarSnapshot } from './query-keys';

/** Presence changes with time alone (no write, no live notice), so the sidebar is re-checked this often. */
export const SIDEBAR_REFRESH_MS = 30_000;

export async function getSidebar(
  conversationId: string,
  previous: SidebarSnapshot | undefined,
  signal?: AbortSignal,
): Promise<SidebarSnapshot> {
  let result;
  try {
    result = await api.GET('/api/v1/conversations/{id}/sidebar', {
      params: {
        path: { id: conversationId },
        header: previous?.etag ? { 'If-None-Match': previous.etag } : {},
      },
      signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw networkError(cause);
  }
  const { data, error, response } = result;
  // 304: unchanged; hand back the same object so nothing re-renders.
  if (response.status === 304 && previous) return previous;
  if (!response.ok || error !== undefined || data === undefined) throw toApiError(response.status, error);
  return { sidebar: data, etag: response.headers.get('ETag') };
}

export function sidebarQueryOptions(queryClient: QueryClient, conversationId: string) {
  const queryKey = sidebarKeys.detail(conversationId);
  return queryOptions({
    queryKey,
    queryFn: ({ signal }) => getSidebar(conversationId, queryClient.getQueryData<SidebarSnapshot>(queryKey), signal),
    refetchInterval: SIDEBAR_REFRESH_MS,
  });
}

export function useSidebar(conversationId: string) {
  const queryClient = useQueryClient();
  return useQuery(sidebarQueryOptions(queryClient, conversationId));
}

/**
 * The open conversation's CC addresses, for the composer to say who a reply will be copied to.
 * It only watches the sidebar's query (the open sidebar fetches and refreshes it), so it costs no
 * request and no second refresh timer. `undefined` until the sidebar loads.
 */
export function useSidebarCcEmails(conversationId: string | null): readonly string[] | undefined {
  const queryClient = useQueryClient();
  const { data } = useQuery({
    ...sidebarQueryOptions(queryClient, conversationId ?? ''),
    enabled: false,
    select: (snapshot) => snapshot.sidebar.cc_emails,
  });
  return conversationId === null ? undefined : data;
}
