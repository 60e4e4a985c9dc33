//! POST /conversations/{id}/cc_emails: copies an address on the conversation's replies.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ApiError } from '@/api/api-error';
import { api, unwrap } from '@/api/client';
import type { CcEmail } from '@/api/types';
import { invalidateConversation, patchSidebar } from './query-keys';

export function addCcEmail(conversationId: string, email: string): Promise<CcEmail> {
  return unwrap(api.POST('/api/v1/conversations/{id}/cc_emails', { params: { path: { id: conversationId } }, body: { email } }));
}

export function useAddCcEmail(conversationId: string) {
  const queryClient = useQueryClient();
  return useMutation<CcEmail, ApiError, string>({
    mutationFn: (email) => addCcEmail(conversationId, email),
    onSuccess: (added) => {
      patchSidebar(queryClient, conversationId, (sidebar) => ({
        ...sidebar,
        cc_emails: sidebar.cc_emails.includes(added.email) ? sidebar.cc_emails : [...sidebar.cc_emails, added.email],
      }));
      invalidateConversation(queryClient, conversationId);
    },
  });
}
