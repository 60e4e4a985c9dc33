//! Query keys of the contacts feature, so edits and live notices refresh exactly what they change.
import type { QueryClient } from '@tanstack/react-query';
import type { ContactSort } from '@/api/types';

export type ContactsFilter = { q: string; tag: string; sort: ContactSort };

export const contactKeys = {
  all: ['contacts'] as const,
  lists: () => ['contacts', 'list'] as const,
  list: (filter: ContactsFilter) => ['contacts', 'list', filter] as const,
  detail: (id: number) => ['contacts', 'detail', id] as const,
  conversations: (id: number) => ['contacts', 'conversations', id] as const,
  events: (id: number) => ['contacts', 'events', id] as const,
  eventsByName: (id: number, name: string) => ['contacts', 'events', id, name] as const,
};

/** Everything the profile shows about one contact, and the list rows that show them. */
export function invalidateContactViews(queryClient: QueryClient, id: number) {
  void queryClient.invalidateQueries({ queryKey: contactKeys.detail(id) });
  void queryClient.invalidateQueries({ queryKey: contactKeys.lists() });
}
