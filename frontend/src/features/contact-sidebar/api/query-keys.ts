//! Query keys of the sidebar's data, so mutations and live updates invalidate exactly what changed.
import type { QueryClient } from '@tanstack/react-query';
import type { Sidebar } from '@/api/types';
import { noteKeys } from '@/components/notes/notes-api';

/** The sidebar with the ETag it came with, for `If-None-Match` on the next refresh. */
export type SidebarSnapshot = { sidebar: Sidebar; etag: string | null };

export const sidebarKeys = {
  all: ['sidebar'] as const,
  details: () => ['sidebar', 'detail'] as const,
  detail: (conversationId: string) => ['sidebar', 'detail', conversationId] as const,
  contactConversations: (contactId: number) => ['sidebar', 'contact-conversations', contactId] as const,
  contactEvents: (contactId: number) => ['sidebar', 'contact-events', contactId] as const,
  peek: (conversationId: string) => ['sidebar', 'peek', conversationId] as const,
};

/** Refreshes every open sidebar showing this contact (any of their conversations) and its lists. */
export function invalidateContact(queryClient: QueryClient, contactId: number) {
  void queryClient.invalidateQueries({
    queryKey: sidebarKeys.details(),
    predicate: (query) => (query.state.data as SidebarSnapshot | undefined)?.sidebar.contact.id === contactId,
  });
  void queryClient.invalidateQueries({ queryKey: sidebarKeys.contactConversations(contactId) });
  void queryClient.invalidateQueries({ queryKey: sidebarKeys.contactEvents(contactId) });
  void queryClient.invalidateQueries({ queryKey: noteKeys.contact(contactId) });
}

export function invalidateConversation(queryClient: QueryClient, conversationId: string) {
  void queryClient.invalidateQueries({ queryKey: sidebarKeys.detail(conversationId) });
  void queryClient.invalidateQueries({ queryKey: sidebarKeys.peek(conversationId) });
}

/**
 * Applies a local change to a cached sidebar at once (before the server confirms it). The ETag is
 * dropped so the next refresh fetches the whole body instead of a 304 that would keep the guess.
 */
export function patchSidebar(
  queryClient: QueryClient,
  conversationId: string,
  change: (sidebar: Sidebar) => Sidebar,
): SidebarSnapshot | undefined {
  const key = sidebarKeys.detail(conversationId);
  const previous = queryClient.getQueryData<SidebarSnapshot>(key);
  if (previous) queryClient.setQueryData<SidebarSnapshot>(key, { sidebar: change(previous.sidebar), etag: null });
  return previous;
}

export function restoreSidebar(queryClient: QueryClient, conversationId: string, previous: SidebarSnapshot | undefined) {
  if (previous) queryClient.setQueryData<SidebarSnapshot>(sidebarKeys.detail(conversationId), { ...previous, etag: null });
}
