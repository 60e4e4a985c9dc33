//! The saved sidebar layout (section order + collapsed sections) and its reconciliation with the default.

export type SidebarLayout = { order: string[]; collapsed: string[] };

type StoredLayout = { version: 1; order: string[]; collapsed: string[] };

/** Per user, so two agents sharing a browser keep their own layouts. */
export function layoutStorageKey(userId: number): string {
  return `convot.sidebar-layout.v1.user-${userId}`;
}

export function defaultLayout(defaults: readonly string[]): SidebarLayout {
  return { order: [...defaults], collapsed: [] };
}

/**
 * The saved order with unknown ids dropped, and every section missing from it (one shipped since
 * it was saved) inserted at its default position: right after the section that precedes it in
 * the default order, or first when none does.
 */
export function reconcileOrder(saved: readonly string[], defaults: readonly string[]): string[] {
  const known = new Set(defaults);
  const order: string[] = [];
  for (const id of saved) if (known.has(id) && !order.includes(id)) order.push(id);
  defaults.forEach((id, index) => {
    if (order.includes(id)) return;
    let previous: string | undefined;
    for (let before = index - 1; before >= 0 && previous === undefined; before -= 1) {
      const candidate = defaults[before];
      if (candidate !== undefined && order.includes(candidate)) previous = candidate;
    }
    order.splice(previous === undefined ? 0 : order.indexOf(previous) + 1, 0, id);
  });
  return order;
}

function stringArray(value: unknown): string[] | null {
  return Array.isArray(value) && value.every((item) => typeof item === 'string') ? value : null;
}

/** Parses whatever is stored (possibly nothing, an old shape or garbage) into a valid layout. */
export function reconcileLayout(stored: unknown, defaults: readonly string[]): SidebarLayout {
  if (typeof stored !== 'object' || stored === null) return defaultLayout(defaults);
  const record = stored as Record<string, unknown>;
  const order = stringArray(record.order) ?? [];
  const collapsed = stringArray(record.collapsed) ?? [];
  const known = new Set(defaults);
  return {
    order: reconcileOrder(order, defaults),
    collapsed: [...new Set(collapsed.filter((id) => known.has(id)))],
  };
}

export function toggleCollapsed(layout: SidebarLayout, id: string): SidebarLayout {
  const collapsed = layout.collapsed.includes(id)
    ? layout.collapsed.filter((other) => other !== id)
    : [...layout.collapsed, id];
  return { ...layout, collapsed };
}

/**
 * Moves `activeId` to where `overId` is among the visible sections; hidden ones (a Shopify section
 * without data) keep their slots, so they reappear where the user last had them.
 */
export function moveSection(
  layout: SidebarLayout,
  activeId: string,
  overId: string,
  visibleIds: readonly string[],
): SidebarLayout {
  const visible = layout.order.filter((id) => visibleIds.includes(id));
  const from = visible.indexOf(activeId);
  const to = visible.indexOf(overId);
  if (from === -1 || to === -1 || from === to) return layout;
  const moved = [...visible];
  moved.splice(from, 1);
  moved.splice(to, 0, activeId);
  let next = 0;
  const order = layout.order.map((id) => (visibleIds.includes(id) ? (moved[next++] ?? id) : id));
  return { ...layout, order };
}

export function readLayout(key: string, defaults: readonly string[]): SidebarLayout {
  try {
    const raw = window.localStorage.getItem(key);
    return reconcileLayout(raw === null ? null : JSON.parse(raw), defaults);
  } catch {
    return defaultLayout(defaults);
  }
}

export function writeLayout(key: string, layout: SidebarLayout) {
  const stored: StoredLayout = { version: 1, order: layout.order, collapsed: layout.collapsed };
  try {
    window.localStorage.setItem(key, JSON.stringify(stored));
  } catch {
    // Storage may be full or blocked: the layout still applies for this page view.
  }
}

export function clearLayout(key: string) {
  try {
    window.localStorage.removeItem(key);
  } catch {
    // Nothing stored that could be removed.
  }
}
