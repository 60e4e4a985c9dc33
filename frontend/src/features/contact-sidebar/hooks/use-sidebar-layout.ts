//! The signed-in user's sidebar layout: read from localStorage, saved on every change, shared across tabs.
import { useCallback, useEffect, useMemo, useState } from 'react';
import {
  clearLayout,
  defaultLayout,
  layoutStorageKey,
  moveSection,
  readLayout,
  toggleCollapsed,
  writeLayout,
  type SidebarLayout,
} from '../utils/layout';

export function useSidebarLayout(userId: number, defaults: readonly string[]) {
  const key = layoutStorageKey(userId);
  const [state, setState] = useState(() => ({ key, layout: readLayout(key, defaults) }));
  // Another user signed in within the same component tree: load their layout.
  const layout = state.key === key ? state.layout : readLayout(key, defaults);

  const update = useCallback(
    (change: (current: SidebarLayout) => SidebarLayout) => {
      setState((current) => {
        const base = current.key === key ? current.layout : readLayout(key, defaults);
        const next = change(base);
        writeLayout(key, next);
        return { key, layout: next };
      });
    },
    [key, defaults],
  );

  useEffect(() => {
    const onStorage = (event: StorageEvent) => {
      if (event.key === key || event.key === null) setState({ key, layout: readLayout(key, defaults) });
    };
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, [key, defaults]);

  return useMemo(
    () => ({
      layout,
      collapsed: new Set(layout.collapsed),
      toggle: (id: string) => update((current) => toggleCollapsed(current, id)),
      move: (activeId: string, overId: string, visibleIds: readonly string[]) =>
        update((current) => moveSection(current, activeId, overId, visibleIds)),
      reset: () => {
        clearLayout(key);
        setState({ key, layout: defaultLayout(defaults) });
      },
    }),
    [layout, update, key, defaults],
  );
}
