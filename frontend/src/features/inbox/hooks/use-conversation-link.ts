//! Where a conversation lives in the SPA: `/conversations/:id`, keeping the inbox's app and status filter.
import { useCallback } from 'react';
import { useNavigate, useSearchParams, type To } from 'react-router';

export function useConversationLink() {
  const [searchParams] = useSearchParams();
  return useCallback(
    (id: string, appId?: number): To => {
      const next = new URLSearchParams(searchParams);
      if (appId !== undefined) next.set('app', String(appId));
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
  return useCallback((id: string, appId?: number) => navigate(link(id, appId)), [link, navigate]);
}
