//! Roving tabindex for a list: the list is one Tab stop, and the arrow keys move between its rows.
import { useCallback, useRef } from 'react';

type RovingOptions = {
  /** The controls that take part (e.g. `.event-row__toggle`); others in the list keep their own Tab stop. */
  items: string;
  /** What a row is; a row's items are side by side (ArrowLeft/ArrowRight), rows are above each other. */
  rows?: string;
};

const KEYS = new Set(['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'Home', 'End']);

/**
 * Returns a callback ref for the list. The item that last had focus keeps `tabIndex=0` (the first one
 * until then), every other item -1. Rows come and go (live events, "Show more"), so the list is
 * watched rather than told; the keys are listened to on the list itself.
 */
export function useRovingFocus<T extends HTMLElement>({ items, rows = 'li' }: RovingOptions): (node: T | null) => void {
  const current = useRef<HTMLElement | null>(null);
  const detach = useRef<(() => void) | null>(null);

  return useCallback(
    (node: T | null) => {
      detach.current?.();
      detach.current = null;
      if (!node) return;

      const itemsIn = () =>
        [...node.querySelectorAll<HTMLElement>(items)].filter(
          (item) => !item.closest('[hidden]') && !(item as HTMLButtonElement).disabled,
        );
      const sync = () => {
        const all = itemsIn();
        if (!current.current || !all.includes(current.current)) current.current = all[0] ?? null;
        for (const item of all) item.tabIndex = item === current.current ? 0 : -1;
      };
      const onFocus = (event: FocusEvent) => {
        const target = event.target as HTMLElement;
        if (!target.matches(items)) return;
        current.current = target;
        sync();
      };
      const onKeyDown = (event: KeyboardEvent) => {
        const target = event.target as HTMLElement;
        if (!KEYS.has(event.key) || event.altKey || event.ctrlKey || event.metaKey || !target.matches(items)) return;
        const destination = neighbour(itemsIn(), target, rows, event.key);
        event.preventDefault();
        if (destination && destination !== target) destination.focus();
      };

      sync();
      const observer = new MutationObserver(sync);
      observer.observe(node, { childList: true, subtree: true, attributes: true, attributeFilter: ['hidden', 'disabled'] });
      node.addEventListener('focusin', onFocus);
      node.addEventListener('keydown', onKeyDown);
      detach.current = () => {
        observer.disconnect();
        node.removeEventListener('focusin', onFocus);
        node.removeEventListener('keydown', onKeyDown);
      };
    },
    [items, rows],
  );
}

/** The item `key` moves to from `target`: Up/Down across rows (same column), Left/Right within one. */
function neighbour(all: HTMLElement[], target: HTMLElement, rows: string, key: string): HTMLElement | undefined {
  const rowOf = (item: HTMLElement) => item.closest(rows) ?? item;
  const grid: HTMLElement[][] = [];
  for (const item of all) {
    const last = grid.at(-1);
    if (last && rowOf(last[0]!) === rowOf(item)) last.push(item);
    else grid.push([item]);
  }
  const row = grid.findIndex((cells) => cells.includes(target));
  if (row === -1) return undefined;
  const cells = grid[row]!;
  const column = cells.indexOf(target);
  const at = (index: number) => {
    const other = grid[Math.max(0, Math.min(grid.length - 1, index))]!;
    return other[Math.min(column, other.length - 1)];
  };
  const single = cells.length === 1;
  switch (key) {
    case 'ArrowDown':
      return at(row + 1);
    case 'ArrowUp':
      return at(row - 1);
    // A row of one item (a chip, an event) reads left to right like the rows themselves.
    case 'ArrowRight':
      return single ? at(row + 1) : cells[column + 1];
    case 'ArrowLeft':
      return single ? at(row - 1) : cells[column - 1];
    case 'Home':
      return at(0);
    case 'End':
      return at(grid.length - 1);
    default:
      return undefined;
  }
}
