//! The open conversation's contact as the inbox already has it (its header, else a list row), so
//! other panels can name them before their own data arrives.
import { useQuery, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import type { Conversation, ConversationList } from '@/api/types';
import { conversationQueryOptions } from '../api/get-conversation';
import { conversationKeys } from '../api/query-keys';

export function useKnownContact(conversationId: string | null): Conversation['contact'] | null {
  const queryClient = useQueryClient();
  // Only watches the thread's own query (never fetches), so the name appears as soon as it loads.
  const detail = useQuery({ ...conversationQueryOptions(conversationId ?? ''), enabled: false });
  if (conversationId === null) return null;
  if (detail.data) return detail.data.contact;
  const lists = queryClient.getQueriesData<InfiniteData<ConversationList>>({ queryKey: conversationKeys.lists() });
  for (const [, data] of lists) {
    const row = data?.pages.flatMap((page) => page.items).find((item) => item.id === conversationId);
    if (row) return row.contact;
  }
  return null;
}
