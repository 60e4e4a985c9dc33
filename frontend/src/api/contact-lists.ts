//! The contact's paginated lists, shared by the sidebar and the profile: conversations and the event timeline.
import { api, unwrap } from './client';
import type { ContactEventList, ConversationList } from './types';

export type PageRequest = { limit: number; cursor: string | null };

export function getContactConversations(
  contactId: number,
  { limit, cursor }: PageRequest,
  signal?: AbortSignal,
): Promise<ConversationList> {
  return unwrap(
    api.GET('/api/v1/contacts/{id}/conversations', {
      params: { path: { id: contactId }, query: { limit, cursor: cursor ?? undefined } },
      signal,
    }),
  );
}

/** Newest first; `name` keeps only events with exactly that name. */
export function getContactEvents(
  contactId: number,
  { limit, cursor, name }: PageRequest & { name?: string },
  signal?: AbortSignal,
): Promise<ContactEventList> {
  return unwrap(
    api.GET('/api/v1/contacts/{id}/events', {
      params: { path: { id: contactId }, query: { limit, cursor: cursor ?? undefined, name: name || undefined } },
      signal,
    }),
  );
}
