//! The contact sidebar's visibility for the signed-in user: docked column or drawer by window width,
//! open or closed as they last left it in that mode, followed across tabs.
import { useCallback, useEffect, useState } from 'react';
import { useMediaQuery } from '@/hooks/use-media-query';
import { panelStorageKey, readPanel, writePanel, type PanelMode, type PanelState } from '../utils/sidebar-panel';

/** From this width the thread keeps 34rem beside the list and a docked sidebar (inbox.css). */
export const DOCKED_SIDEBAR_QUERY = '(min-width: 75rem)';

export function useSidebarPanel(userId: number) {
  const key = panelStorageKey(userId);
  // Without matchMedia the width is unknown: dock it, as the inbox always did.
  const mode: PanelMode = useMediaQuery(DOCKED_SIDEBAR_QUERY, true) ? 'column' : 'drawer';
  const [stored, setStored] = useState<{ key: string; state: PanelState }>(() => ({ key, state: readPanel(key) }));
  // Another user signed in within the same tree: their state, not the previous user's.
  const state = stored.key === key ? stored.state : readPanel(key);

  const setOpen = useCallback(
    (open: boolean) => {
      setStored((current) => {
        const base = current.key === key ? current.state : readPanel(key);
        const next = { ...base, [mode]: open };
        writePanel(key, next);
        return { key, state: next };
      });
    },
    [key, mode],
  );

  useEffect(() => {
    const onStorage = (event: StorageEvent) => {
      if (event.key === key || event.key === null) setStored({ key, state: readPanel(key) });
    };
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, [key]);

  return { mode, open: state[mode], setOpen };
}
