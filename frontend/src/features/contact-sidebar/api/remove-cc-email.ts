//! DELETE /conversations/{id}/cc_emails/{email}: stops copying an address.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ApiError } from '@/api/api-error';
import { api, unwrap } from '@/api/client';
import { invalidateConversation, patchSidebar, restoreSidebar, type SidebarSnapshot } from './query-keys';

export function removeCcEmail(conversationId: string, email: string): Promise<unknown> {
  return unwrap(
    api.DELETE('/api/v1/conversations/{id}/cc_emails/{email}', { params: { path: { id: conversationId, email } } }),
  );
}

export function useRemoveCcEmail(conversationId: string) {
  const queryClient = useQueryClient();
  return useMutation<unknown, ApiError, string, { previous: SidebarSnapshot | undefined }>({
    mutationFn: (email) => removeCcEmail(conversationId, email),
    onMutate: (email) => ({
      previous: patchSidebar(queryClient, conversationId, (sidebar) => ({
        ...sidebar,
        cc_emails: sidebar.cc_emails.filter((other) => other !== email),
      })),
    }),
    onError: (_error, _email, context) => restoreSidebar(queryClient, conversationId, context?.previous),
    onSettled: () => invalidateConversation(queryClient, conversationId),
  });
}
