//! Whether the contact sidebar is shown, per user and per way of showing it, kept in localStorage.
//!
//! Wide windows dock it as a column (shown unless the user hid it); narrow ones open it as a drawer
//! over the thread (closed unless the user opened it). The two are remembered apart: a drawer left
//! open would cover the thread on every narrow visit, a hidden column would hide it on every wide one.

export type PanelMode = 'column' | 'drawer';
export type PanelState = Record<PanelMode, boolean>;

export const DEFAULT_PANEL: PanelState = { column: true, drawer: false };

/** Per user, like the sidebar's section layout, so two agents sharing a browser keep their own. */
export function panelStorageKey(userId: number): string {
  return `convot.sidebar-panel.v1.user-${userId}`;
}

/** Whatever is stored (nothing, garbage, an older shape) as a valid state, defaults filling gaps. */
export function parsePanel(raw: string | null): PanelState {
  if (raw === null) return DEFAULT_PANEL;
  let stored: unknown;
  try {
    stored = JSON.parse(raw);
  } catch {
    return DEFAULT_PANEL;
  }
  if (typeof stored !== 'object' || stored === null) return DEFAULT_PANEL;
  const record = stored as Record<string, unknown>;
  return {
    column: typeof record.column === 'boolean' ? record.column : DEFAULT_PANEL.column,
    drawer: typeof record.drawer === 'boolean' ? record.drawer : DEFAULT_PANEL.drawer,
  };
}

export function readPanel(key: string): PanelState {
  try {
    return parsePanel(window.localStorage.getItem(key));
  } catch {
    // Storage blocked (privacy settings): the defaults, every visit.
    return DEFAULT_PANEL;
  }
}

export function writePanel(key: string, state: PanelState): void {
  try {
    window.localStorage.setItem(key, JSON.stringify(state));
  } catch {
    // Not remembered, still usable.
  }
}
