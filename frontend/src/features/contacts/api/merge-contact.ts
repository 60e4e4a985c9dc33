//! POST /contacts/{id}/merge: folds another contact into this one; answers the survivor's profile.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ApiError } from '@/api/api-error';
import { api, unwrap } from '@/api/client';
import type { ContactProfile } from '@/api/types';
import type { Side } from '../utils/merge-choices';
import { contactKeys } from './query-keys';

export type MergeInput = { fromContactId: number; choose: Record<string, Side> };

export function mergeContact(intoId: number, input: MergeInput): Promise<ContactProfile> {
  return unwrap(
    api.POST('/api/v1/contacts/{id}/merge', {
      params: { path: { id: intoId } },
      body: { from_contact_id: input.fromContactId, choose: input.choose },
    }),
  );
}

export function useMergeContact(intoId: number) {
  const queryClient = useQueryClient();
  return useMutation<ContactProfile, ApiError, MergeInput>({
    mutationFn: (input) => mergeContact(intoId, input),
    onSuccess: (survivor, input) => {
      queryClient.setQueryData(contactKeys.detail(intoId), survivor);
      // The merged contact is gone; its conversations and events now belong to the survivor.
      queryClient.removeQueries({ queryKey: contactKeys.detail(input.fromContactId) });
      void queryClient.invalidateQueries({ queryKey: contactKeys.conversations(intoId) });
      void queryClient.invalidateQueries({ queryKey: contactKeys.events(intoId) });
      void queryClient.invalidateQueries({ queryKey: contactKeys.lists() });
    },
  });
}
