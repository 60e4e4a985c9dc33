//! What a tag is put on from the sidebar: the contact or the open conversation, and how that shows in the cache.
import type { QueryClient } from '@tanstack/react-query';
import type { Sidebar, TagRef, TagScope } from '@/api/types';
import { invalidateContact, invalidateConversation, patchSidebar, type SidebarSnapshot } from './query-keys';

export type TagTarget =
  | { kind: 'contact'; contactId: number; conversationId: string }
  | { kind: 'conversation'; conversationId: string };

export function targetScope(target: TagTarget): TagScope {
  return target.kind;
}

export function patchTags(
  queryClient: QueryClient,
  target: TagTarget,
  change: (tags: TagRef[]) => TagRef[],
): SidebarSnapshot | undefined {
  return patchSidebar(queryClient, target.conversationId, (sidebar: Sidebar) =>
    target.kind === 'contact'
      ? { ...sidebar, contact_tags: change(sidebar.contact_tags) }
      : { ...sidebar, conversation_tags: change(sidebar.conversation_tags) },
  );
}

export function invalidateTarget(queryClient: QueryClient, target: TagTarget) {
  if (target.kind === 'contact') invalidateContact(queryClient, target.contactId);
  else invalidateConversation(queryClient, target.conversationId);
}
