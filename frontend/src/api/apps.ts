//! GET /apps: the apps the signed-in user may see (agents only the apps they operate). One query and
//! one cache entry for every reader: the inbox's app picker and the Shopify settings' mapping targets.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from './client';
import type { AppList } from './types';

export const appsQueryKey = ['apps', 'list'] as const;

export function getApps(signal?: AbortSignal): Promise<AppList> {
  return unwrap(api.GET('/api/v1/apps', { signal }));
}

export function appsQueryOptions() {
  return queryOptions({
    queryKey: appsQueryKey,
    queryFn: ({ signal }) => getApps(signal),
    // Apps change rarely (an owner adds one): a minute of freshness lets a page change reuse the list.
    staleTime: 60_000,
  });
}

/** `enabled: false` asks nothing (the settings page for users who may not manage integrations). */
export function useApps(enabled = true) {
  return useQuery({ ...appsQueryOptions(), enabled });
}
