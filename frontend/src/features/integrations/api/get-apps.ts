//! GET /apps: the organization's Convot apps, to name and pick mapping targets.
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/api/client';
import type { AppList } from '@/api/types';
import { integrationKeys } from './query-keys';

export function getApps(signal?: AbortSignal): Promise<AppList> {
  return unwrap(api.GET('/api/v1/apps', { signal }));
}

export function useApps(enabled = true) {
  return useQuery({ queryKey: integrationKeys.apps, queryFn: ({ signal }) => getApps(signal), enabled, staleTime: 60_000 });
}
