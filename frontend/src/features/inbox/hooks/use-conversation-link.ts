//! Where a conversation lives in the SPA: `/conversations/:id`, keeping the inbox's app and status filter.
import { useCallback } from 'react';
import { useNavigate, useSearchParams, type To } from 'react-router';
import type { ConversationStatus } from '@/api/types';
import { filterShows, parseStatus, STATUS_PARAM } from './use-status-filter';

export function useConversationLink() {
  const [searchParams] = useSearchParams();
  return useCallback(
    (id: string, appId?: number, status?: ConversationStatus): To => {
      const next = new URLSearchParams(searchParams);
      if (appId !== undefined) next.set('app', String(appId));
      // Opened from outside the list (the sidebar's history): a filter that hides the
      // conversation becomes "All", so the open conversation is the list's selected row.
      if (status !== undefined && !filterShows(parseStatus(next.get(STATUS_PARAM)), status)) {
        next.set(STATUS_PARAM, 'all');
      }
      const search = next.toString();
      return { pathname: `/conversations/${encodeURIComponent(id)}`, search: search ? `?${search}` : '' };
    },
    [searchParams],
  );
}

/** Opens a conversation in the inbox (for links from outside the list, e.g. the contact sidebar). */
export function useOpenConversation() {
  const link = useConversationLink();
  const navigate = useNavigate();
  return useCallback(
    (id: string, appId?: number, status?: ConversationStatus) => navigate(link(id, appId, status)),
    [link, navigate],
  );
}
