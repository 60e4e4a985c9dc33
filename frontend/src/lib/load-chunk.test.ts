//! A missing chunk after a deploy reloads the page once; a second failure is thrown.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadChunk } from './load-chunk';

const gone = () => Promise.reject(new TypeError('Failed to fetch dynamically imported module'));

describe('loadChunk', () => {
  const reload = vi.fn<() => void>();
  const realLocation = window.location;

  afterEach(() => {
    window.sessionStorage.clear();
    Object.defineProperty(window, 'location', { configurable: true, value: realLocation });
  });

  function stubReload() {
    reload.mockReset();
    Object.defineProperty(window, 'location', { configurable: true, value: { ...realLocation, reload } });
  }

  it('returns the module and forgets an earlier reload', async () => {
    stubReload();
    window.sessionStorage.setItem('convot.chunk-reload', '1');
    await expect(loadChunk(async () => ({ page: 'contacts' }))).resolves.toEqual({ page: 'contacts' });
    expect(window.sessionStorage.getItem('convot.chunk-reload')).toBeNull();
    expect(reload).not.toHaveBeenCalled();
  });

  it('reloads once when the chunk is gone, then throws if it is still gone', async () => {
    stubReload();
    void loadChunk(gone);
    await vi.waitFor(() => expect(reload).toHaveBeenCalledTimes(1));
    await expect(loadChunk(gone)).rejects.toThrow('Failed to fetch dynamically imported module');
    expect(reload).toHaveBeenCalledTimes(1);
  });
});
