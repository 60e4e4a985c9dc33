//! The conversation list's status filter, kept in the URL (`?status=`); open conversations by default.
import { useCallback } from 'react';
import { useSearchParams } from 'react-router';
import type { ConversationStatus } from '@/api/types';

export type StatusFilter = ConversationStatus | 'all';
export const STATUS_FILTERS: readonly StatusFilter[] = ['open', 'pending', 'resolved', 'all'];
const DEFAULT_STATUS: StatusFilter = 'open';

function parseStatus(raw: string | null): StatusFilter {
  return STATUS_FILTERS.find((status) => status === raw) ?? DEFAULT_STATUS;
}

export function useStatusFilter() {
  const [searchParams, setSearchParams] = useSearchParams();
  const status = parseStatus(searchParams.get('status'));

  const setStatus = useCallback(
    (next: StatusFilter) => {
      setSearchParams(
        (params) => {
          const updated = new URLSearchParams(params);
          if (next === DEFAULT_STATUS) updated.delete('status');
          else updated.set('status', next);
          return updated;
        },
        { replace: true },
      );
    },
    [setSearchParams],
  );

  return { status, setStatus };
}
