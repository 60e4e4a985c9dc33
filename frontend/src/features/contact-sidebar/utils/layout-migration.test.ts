//! Layouts saved before the Notes section shipped: Notes appears right after Contact details, wherever the
//! user put that, and nothing they saved (order, collapsed sections) is lost.
import { describe, expect, it } from 'vitest';
import { SIDEBAR_SECTIONS } from '../components/sections/registry';
import { layoutStorageKey, readLayout } from './layout';

const DEFAULTS = SIDEBAR_SECTIONS.map((section) => section.id);
/** The default order as it was before `notes` existed: what existing users have saved. */
const BEFORE_NOTES = DEFAULTS.filter((id) => id !== 'notes');

function saved(userId: number, order: string[], collapsed: string[] = []) {
  window.localStorage.setItem(layoutStorageKey(userId), JSON.stringify({ version: 1, order, collapsed }));
  return readLayout(layoutStorageKey(userId), DEFAULTS);
}

describe('saved sidebar layouts meet the Notes section', () => {
  it('ships Notes right after Contact details in the default order', () => {
    expect(DEFAULTS.indexOf('notes')).toBe(DEFAULTS.indexOf('details') + 1);
  });

  it('puts Notes after Contact details in a layout saved with the old default order', () => {
    const layout = saved(7, BEFORE_NOTES);
    expect(layout.order).toEqual(DEFAULTS);
  });

  it('follows Contact details to wherever the user moved it, keeping everything else as saved', () => {
    const reordered = ['events', 'history', 'summary', 'shopify', 'custom-data', 'contact-tags', 'conversation-tags', 'cc-emails', 'details'];
    const layout = saved(7, reordered, ['events', 'details']);
    expect(layout.order).toEqual([...reordered, 'notes']);
    expect(layout.collapsed).toEqual(['events', 'details']);

    const detailsFirst = ['details', 'summary', 'shopify', 'custom-data', 'contact-tags', 'conversation-tags', 'history', 'events', 'cc-emails'];
    expect(saved(8, detailsFirst).order).toEqual(['details', 'notes', ...detailsFirst.slice(1)]);
  });

  it('keeps Notes where a user has since moved it, and each user’s layout apart', () => {
    const moved = ['notes', ...BEFORE_NOTES];
    expect(saved(9, moved).order).toEqual(moved);
    expect(readLayout(layoutStorageKey(10), DEFAULTS).order).toEqual(DEFAULTS);
  });
});
