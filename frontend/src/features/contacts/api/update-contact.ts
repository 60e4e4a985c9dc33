//! PATCH /contacts/{id}: one field at a time (only the fields sent change); the profile refreshes after.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ApiError } from '@/api/api-error';
import { api, unwrap } from '@/api/client';
import type { Contact, ContactPatch } from '@/api/types';
import { invalidateContactViews } from './query-keys';

export function updateContact(id: number, body: ContactPatch): Promise<Contact> {
  return unwrap(api.PATCH('/api/v1/contacts/{id}', { params: { path: { id } }, body }));
}

export function useUpdateContact(id: number) {
  const queryClient = useQueryClient();
  return useMutation<Contact, ApiError, ContactPatch>({
    mutationFn: (body) => updateContact(id, body),
    onSuccess: () => invalidateContactViews(queryClient, id),
  });
}
