//! The signed-in session token: kept in localStorage, observable so the UI reacts to sign-in and sign-out.
const STORAGE_KEY = 'convot.session_token';

type Listener = () => void;
const listeners = new Set<Listener>();

function notify() {
  for (const listener of listeners) listener();
}

export function getSessionToken(): string | null {
  try {
    return window.localStorage.getItem(STORAGE_KEY);
  } catch {
    // Storage can be unavailable (private modes, blocked cookies): behave as signed out.
    return null;
  }
}

export function setSessionToken(token: string) {
  window.localStorage.setItem(STORAGE_KEY, token);
  notify();
}

export function clearSessionToken() {
  if (getSessionToken() === null) return;
  try {
    window.localStorage.removeItem(STORAGE_KEY);
  } finally {
    notify();
  }
}

/** Subscribes to token changes in this tab and in other tabs of the same browser. */
export function subscribeToSession(listener: Listener): () => void {
  listeners.add(listener);
  const onStorage = (event: StorageEvent) => {
    if (event.key === STORAGE_KEY || event.key === null) listener();
  };
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
}
