//! Loads a lazy chunk; when it is gone (a tab opened before a deploy asks for a chunk of the old
//! build, and the server answers 404), reloads the page once to pick up the new build instead
//! of showing a crash. A second failure in the same tab is a real outage and is thrown.
const RELOADED_KEY = 'convot.chunk-reload';

export async function loadChunk<T>(load: () => Promise<T>): Promise<T> {
  try {
    const module = await load();
    window.sessionStorage.removeItem(RELOADED_KEY);
    return module;
  } catch (error) {
    if (window.sessionStorage.getItem(RELOADED_KEY) === null) {
      window.sessionStorage.setItem(RELOADED_KEY, '1');
      window.location.reload();
      // The page is going away; nothing renders in the meantime.
      return new Promise<T>(() => {});
    }
    throw error;
  }
}
