//! Runs a callback for every live change (and resync) while the component is mounted.
import { useEffect, useRef } from 'react';
import { subscribeToLiveChanges, type LiveListener } from '@/lib/live-stream';

export function useLiveChanges(listener: LiveListener) {
  const latest = useRef(listener);
  useEffect(() => {
    latest.current = listener;
  });
  useEffect(() => subscribeToLiveChanges((event) => latest.current(event)), []);
}
