//! DELETE /contacts/{id} (owners and admins): erases the contact with its data, events, tags and conversations.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ApiError } from '@/api/api-error';
import { api, unwrap } from '@/api/client';
import { contactKeys } from './query-keys';

export function deleteContact(id: number): Promise<unknown> {
  return unwrap(api.DELETE('/api/v1/contacts/{id}', { params: { path: { id } } }));
}

export function useDeleteContact(id: number) {
  const queryClient = useQueryClient();
  return useMutation<unknown, ApiError, void>({
    mutationFn: () => deleteContact(id),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: contactKeys.detail(id) });
      void queryClient.invalidateQueries({ queryKey: contactKeys.lists() });
    },
  });
}
