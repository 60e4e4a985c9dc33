//! Notices the open conversation vanishing under the agent (its contact deleted), says so, and moves on
//! to the next conversation of the list once the list no longer shows it.
import { useQueryClient, type InfiniteData } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { isApiError } from '@/api/api-error';
import type { Conversation, ConversationList } from '@/api/types';
import { useContactCheck } from '../api/get-contact-check';
import { conversationKeys } from '../api/query-keys';
import { useConversationLink } from './use-conversation-link';

/**
 * The conversation to open instead of `goneId`: the first row after it in the list as it was
 * (`before`) that the list still shows (`after`), else the nearest one above it, else the list's
 * first row; null for an empty list.
 */
export function nextConversation(before: readonly string[], goneId: string, after: readonly string[]): string | null {
  const index = before.indexOf(goneId);
  if (index !== -1) {
    const below = before.slice(index + 1).find((id) => after.includes(id));
    if (below) return below;
    for (let above = index - 1; above >= 0; above -= 1) {
      if (after.includes(before[above]!)) return before[above]!;
    }
  }
  return after[0] ?? null;
}

/** Told above the conversation the inbox moved on to (`shownWith`: its id, or null for none). */
export type GoneNotice = { text: string; shownWith: string | null };

export type GoneConversation = {
  /** The open conversation answered 404 after it had loaded: nothing can be written to it. */
  isGone: boolean;
  /** Why, in words, once known; null while the contact is being checked. */
  message: string | null;
  contactDeleted: boolean;
  notice: GoneNotice | null;
  dismissNotice: () => void;
};

export function useGoneConversation(
  conversationId: string | null,
  conversation: { data: Conversation | undefined; error: unknown },
  list: { data: InfiniteData<ConversationList> | undefined; isFetching: boolean },
): GoneConversation {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const link = useConversationLink();
  const [searchParams] = useSearchParams();
  const [notice, setNotice] = useState<GoneNotice | null>(null);

  const loaded = conversation.data?.id === conversationId ? conversation.data : undefined;
  const isGone = conversationId !== null && loaded !== undefined && isApiError(conversation.error, 404);
  const check = useContactCheck(isGone ? loaded.contact.id : null);
  const contactDeleted = isGone && check === 'deleted';
  let message: string | null = null;
  if (isGone && check !== 'checking') {
    message = contactDeleted
      ? `${loaded.contact.display_name} was deleted, with their conversations.`
      : 'This conversation is no longer available to you.';
  }

  const ids = useMemo(() => list.data?.pages.flatMap((page) => page.items.map((row) => row.id)) ?? [], [list.data]);
  // The list as it was while it still showed the open conversation: where "next" is counted from.
  const lastOrder = useRef<readonly string[]>([]);
  const refreshedFor = useRef<string | null>(null);
  useEffect(() => {
    if (conversationId !== null && ids.includes(conversationId)) lastOrder.current = ids;
  }, [conversationId, ids]);

  const listFetching = list.isFetching;
  useEffect(() => {
    if (!isGone || message === null || conversationId === null || listFetching) return;
    if (ids.includes(conversationId)) {
      // The list has not caught up with the deletion yet: ask once, then move on from its answer.
      if (refreshedFor.current !== conversationId) {
        refreshedFor.current = conversationId;
        void queryClient.invalidateQueries({ queryKey: conversationKeys.lists() });
      }
      return;
    }
    const next = nextConversation(lastOrder.current, conversationId, ids);
    setNotice({
      text: `${message} ${next ? 'Showing the next conversation.' : 'No other conversations in this list.'}`,
      shownWith: next,
    });
    const search = searchParams.toString();
    navigate(next ? link(next) : { pathname: '/', search: search ? `?${search}` : '' }, { replace: true });
  }, [isGone, message, conversationId, listFetching, ids, queryClient, navigate, link, searchParams]);

  return {
    isGone,
    message,
    contactDeleted,
    notice: notice && notice.shownWith === conversationId ? notice : null,
    dismissNotice: () => setNotice(null),
  };
}
