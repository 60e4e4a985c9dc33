//! The app picked in the inbox, kept in the URL (`?app=<id>`) so it survives reloads and links.
import { useCallback } from 'react';
import { useSearchParams } from 'react-router';
import type { App } from '@/api/types';

/** Without `?app=`, the open conversation's app (`fallbackId`) is shown, else the first app. */
export function useSelectedApp(apps: App[] | undefined, fallbackId?: number | null) {
  const [searchParams, setSearchParams] = useSearchParams();
  const requested = Number(searchParams.get('app') ?? fallbackId);
  const selected = apps?.find((app) => app.id === requested) ?? apps?.[0] ?? null;

  const select = useCallback(
    (id: number) => {
      setSearchParams(
        (params) => {
          const next = new URLSearchParams(params);
          next.set('app', String(id));
          return next;
        },
        { replace: true },
      );
    },
    [setSearchParams],
  );

  return { selected, select };
}
