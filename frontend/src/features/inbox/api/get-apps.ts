//! GET /apps: the apps the signed-in user may work in (agents see only the apps they operate).
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/api/client';
import type { AppList } from '@/api/types';

export const appsQueryKey = ['apps', 'list'] as const;

export function getApps(signal?: AbortSignal): Promise<AppList> {
  return unwrap(api.GET('/api/v1/apps', { signal }));
}

export function appsQueryOptions() {
  return queryOptions({
    queryKey: appsQueryKey,
    queryFn: ({ signal }) => getApps(signal),
  });
}

export function useApps() {
  return useQuery(appsQueryOptions());
}
