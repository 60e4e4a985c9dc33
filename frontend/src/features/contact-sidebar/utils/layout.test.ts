//! Layout reconciliation: saved orders meet newly shipped and removed sections.
import { describe, expect, it } from 'vitest';
import { moveSection, reconcileLayout, reconcileOrder, toggleCollapsed } from './layout';

const DEFAULTS = ['summary', 'shopify', 'details', 'custom-data', 'events'];

describe('sidebar layout', () => {
  it('keeps a saved order that knows every section', () => {
    const saved = ['events', 'details', 'summary', 'shopify', 'custom-data'];
    expect(reconcileOrder(saved, DEFAULTS)).toEqual(saved);
  });

  it('inserts a newly shipped section at its default position and drops unknown ids', () => {
    // Saved before "custom-data" existed, with a section that has since been removed.
    const saved = ['events', 'summary', 'retired-section', 'shopify', 'details'];
    expect(reconcileOrder(saved, DEFAULTS)).toEqual(['events', 'summary', 'shopify', 'details', 'custom-data']);
  });

  it('puts a new first section first', () => {
    expect(reconcileOrder(['details', 'summary', 'custom-data', 'events'], DEFAULTS)).toEqual([
      'details',
      'summary',
      'shopify',
      'custom-data',
      'events',
    ]);
    expect(reconcileOrder(['events', 'details'], ['summary', 'details', 'events'])).toEqual([
      'summary',
      'events',
      'details',
    ]);
  });

  it('falls back to the default for garbage and keeps only known collapsed ids', () => {
    expect(reconcileLayout('nonsense', DEFAULTS)).toEqual({ order: DEFAULTS, collapsed: [] });
    expect(reconcileLayout({ order: [1, 2], collapsed: ['events', 'gone', 'events'] }, DEFAULTS)).toEqual({
      order: DEFAULTS,
      collapsed: ['events'],
    });
  });

  it('moves among visible sections while a hidden one keeps its slot', () => {
    const layout = { order: DEFAULTS, collapsed: [] };
    const visible = DEFAULTS.filter((id) => id !== 'shopify');
    expect(moveSection(layout, 'events', 'summary', visible).order).toEqual([
      'events',
      'shopify',
      'summary',
      'details',
      'custom-data',
    ]);
    expect(moveSection(layout, 'summary', 'details', visible).order).toEqual([
      'details',
      'shopify',
      'summary',
      'custom-data',
      'events',
    ]);
  });

  it('toggles a collapsed section', () => {
    const collapsed = toggleCollapsed({ order: DEFAULTS, collapsed: [] }, 'details');
    expect(collapsed.collapsed).toEqual(['details']);
    expect(toggleCollapsed(collapsed, 'details').collapsed).toEqual([]);
  });
});
