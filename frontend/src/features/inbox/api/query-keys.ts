//! Query keys of the inbox's data, in one place so live updates can invalidate them precisely.
import type { ConversationStatus } from '@/api/types';

export type ConversationFilter = { appId: number; status: ConversationStatus | 'all' };

export const conversationKeys = {
  all: ['conversations'] as const,
  lists: () => ['conversations', 'list'] as const,
  list: (filter: ConversationFilter) => ['conversations', 'list', filter] as const,
  details: () => ['conversations', 'detail'] as const,
  detail: (id: string) => ['conversations', 'detail', id] as const,
  contactCheck: (contactId: number) => ['conversations', 'contact-check', contactId] as const,
  messages: (id: string) => ['conversations', 'messages', id] as const,
};
