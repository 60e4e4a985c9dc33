//! The conversation list's status filter, kept in the URL (`?status=`); open conversations by default.
import { useCallback } from 'react';
import { useSearchParams } from 'react-router';
import type { ConversationStatus } from '@/api/types';

export type StatusFilter = ConversationStatus | 'all';
export const STATUS_FILTERS: readonly StatusFilter[] = ['open', 'pending', 'resolved', 'all'];
const DEFAULT_STATUS: StatusFilter = 'open';

export const STATUS_PARAM = 'status';

export function parseStatus(raw: string | null): StatusFilter {
  return STATUS_FILTERS.find((status) => status === raw) ?? DEFAULT_STATUS;
}

/** Whether a list under `filter` can show a conversation in `status`. */
export function filterShows(filter: StatusFilter, status: ConversationStatus): boolean {
  return filter === 'all' || filter === status;
}

export function useStatusFilter() {
  const [searchParams, setSearchParams] = useSearchParams();
  const status = parseStatus(searchParams.get(STATUS_PARAM));

  const setStatus = useCallback(
    (next: StatusFilter) => {
      setSearchParams(
        (params) => {
          const updated = new URLSearchParams(params);
          if (next === DEFAULT_STATUS) updated.delete(STATUS_PARAM);
          else updated.set(STATUS_PARAM, next);
          return updated;
        },
        { replace: true },
      );
    },
    [setSearchParams],
  );

  return { status, setStatus };
}
