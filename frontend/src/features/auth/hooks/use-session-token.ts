//! The current session token as React state (null when signed out).
import { useSyncExternalStore } from 'react';
import { getSessionToken, subscribeToSession } from '@/lib/session';

export function useSessionToken(): string | null {
  return useSyncExternalStore(subscribeToSession, getSessionToken, () => null);
}
