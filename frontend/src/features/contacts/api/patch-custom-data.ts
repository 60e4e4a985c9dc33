//! PATCH /contacts/{id}/custom_data/{app_id} `{key: value|null}`: a per-key merge (null deletes the key).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ApiError } from '@/api/api-error';
import { api, unwrap } from '@/api/client';
import { invalidateContactViews } from './query-keys';

export type CustomDataChange = Record<string, string | number | boolean | null>;

export function patchCustomData(contactId: number, appId: number, change: CustomDataChange) {
  return unwrap(
    api.PATCH('/api/v1/contacts/{id}/custom_data/{app_id}', {
      params: { path: { id: contactId, app_id: appId } },
      // The spec types this body as an empty object; it is really a map of keys to scalars or null.
      body: change as Record<string, never>,
    }),
  );
}

export function usePatchCustomData(contactId: number, appId: number) {
  const queryClient = useQueryClient();
  return useMutation<unknown, ApiError, CustomDataChange>({
    mutationFn: (change) => patchCustomData(contactId, appId, change),
    onSettled: () => invalidateContactViews(queryClient, contactId),
  });
}
