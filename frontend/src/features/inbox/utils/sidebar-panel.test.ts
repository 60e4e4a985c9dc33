//! The stored sidebar visibility: per user, per mode, and whatever is stored read safely.
import { describe, expect, it } from 'vitest';
import { DEFAULT_PANEL, panelStorageKey, parsePanel, readPanel, writePanel } from './sidebar-panel';

describe('sidebar panel state', () => {
  it('docks the column and keeps the drawer closed until the user says otherwise', () => {
    expect(parsePanel(null)).toEqual({ column: true, drawer: false });
    expect(readPanel(panelStorageKey(7))).toEqual(DEFAULT_PANEL);
  });

  it('keeps each user’s choice under their own key', () => {
    writePanel(panelStorageKey(7), { column: false, drawer: true });
    expect(window.localStorage.getItem('convot.sidebar-panel.v1.user-7')).toBe('{"column":false,"drawer":true}');
    expect(readPanel(panelStorageKey(7))).toEqual({ column: false, drawer: true });
    expect(readPanel(panelStorageKey(8))).toEqual(DEFAULT_PANEL);
  });

  it('reads garbage, other shapes and missing modes as the defaults', () => {
    expect(parsePanel('not json')).toEqual(DEFAULT_PANEL);
    expect(parsePanel('null')).toEqual(DEFAULT_PANEL);
    expect(parsePanel('[true]')).toEqual(DEFAULT_PANEL);
    expect(parsePanel('{"drawer":"yes"}')).toEqual(DEFAULT_PANEL);
    expect(parsePanel('{"column":false}')).toEqual({ column: false, drawer: false });
  });
});
