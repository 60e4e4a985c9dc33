//! GET /contacts/{id}, asked only once the open conversation answered 404: was its contact deleted?
import { queryOptions, useQuery } from '@tanstack/react-query';
import { isApiError } from '@/api/api-error';
import { api, unwrap } from '@/api/client';
import { conversationKeys } from './query-keys';

/** `deleted`: the contact is gone (erased, so its conversations went with it); `exists`: something else hides the conversation. */
export type ContactCheck = 'checking' | 'deleted' | 'exists';

export function contactCheckQueryOptions(contactId: number) {
  return queryOptions({
    queryKey: conversationKeys.contactCheck(contactId),
    queryFn: async ({ signal }): Promise<Exclude<ContactCheck, 'checking'>> => {
      try {
        await unwrap(api.GET('/api/v1/contacts/{id}', { params: { path: { id: contactId } }, signal }));
        return 'exists';
      } catch (error) {
        if (isApiError(error, 404)) return 'deleted';
        throw error;
      }
    },
    staleTime: Infinity,
  });
}

export function useContactCheck(contactId: number | null): ContactCheck {
  const check = useQuery({ ...contactCheckQueryOptions(contactId ?? 0), enabled: contactId !== null });
  if (check.isError) return 'exists';
  return check.data ?? 'checking';
}
