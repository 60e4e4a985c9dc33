//! One shared connection to `GET /stream` for the whole tab, fanned out to subscribers, reconnecting after errors.
import { api } from '@/api/client';
import type { ChangeNotice } from '@/api/types';
import { readServerSentEvents } from './sse';
import { getSessionToken, subscribeToSession } from './session';

/**
 * `change` carries one notice; `resync` follows a reconnect, when notices may have been missed
 * (the server resumes after Last-Event-ID, but only within its feed's retention).
 */
export type LiveEvent = { type: 'change'; notice: ChangeNotice } | { type: 'resync' };
export type LiveListener = (event: LiveEvent) => void;

const MAX_RETRY_MS = 30_000;

const listeners = new Set<LiveListener>();
let connection: AbortController | null = null;
let unsubscribeSession: (() => void) | null = null;
let lastEventId: number | null = null;
let connectedToken: string | null = null;

function emit(event: LiveEvent) {
  for (const listener of listeners) {
    try {
      listener(event);
    } catch (error) {
      console.warn('A live-update listener failed', error);
    }
  }
}

function parseNotice(data: string): ChangeNotice | null {
  try {
    const value: unknown = JSON.parse(data);
    if (typeof value === 'object' && value !== null && typeof (value as ChangeNotice).kind === 'string') {
      return value as ChangeNotice;
    }
  } catch {
    // A malformed event is skipped; the periodic sidebar refresh covers for it.
  }
  return null;
}

function wait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

async function run(signal: AbortSignal) {
  let failures = 0;
  let retryMs = 3_000;
  let connectedBefore = false;
  while (!signal.aborted) {
    const token = getSessionToken();
    if (!token) return;
    try {
      const { response } = await api.GET('/api/v1/stream', {
        params: { header: lastEventId === null ? {} : { 'Last-Event-ID': String(lastEventId) } },
        headers: { Accept: 'text/event-stream' },
        parseAs: 'stream',
        signal,
      });
      // The client's middleware has already ended the session on a 401; a 204 means "do not
      // reconnect" in the server-sent-events protocol.
      if (response.status === 401 || response.status === 204) return;
      if (!response.ok || !response.body) throw new Error(`The live stream answered HTTP ${response.status}`);
      failures = 0;
      if (connectedBefore) emit({ type: 'resync' });
      connectedBefore = true;
      await readServerSentEvents(response.body, (event) => {
        if (event.retry !== null) retryMs = event.retry;
        if (event.id !== null && /^\d+$/.test(event.id)) lastEventId = Number(event.id);
        if (event.event !== 'change') return;
        const notice = parseNotice(event.data);
        if (notice) emit({ type: 'change', notice });
      });
    } catch (error) {
      if (signal.aborted) return;
      console.debug('Live stream interrupted; reconnecting', error);
    }
    failures += 1;
    // Back off after repeated failures, with jitter so many tabs do not reconnect in step.
    const delay = Math.min(retryMs * 2 ** Math.max(0, failures - 1), MAX_RETRY_MS);
    await wait(delay * (0.8 + Math.random() * 0.4), signal);
  }
}

function connect() {
  disconnect();
  const token = getSessionToken();
  if (!token) return;
  if (token !== connectedToken) lastEventId = null; // another user's position means nothing
  connectedToken = token;
  const controller = new AbortController();
  connection = controller;
  void run(controller.signal);
}

function disconnect() {
  connection?.abort();
  connection = null;
}

/** Subscribes to live changes; the first subscriber opens the connection, the last one closes it. */
export function subscribeToLiveChanges(listener: LiveListener): () => void {
  listeners.add(listener);
  if (listeners.size === 1) {
    unsubscribeSession = subscribeToSession(() => {
      if (getSessionToken() !== connectedToken) connect();
    });
    connect();
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      unsubscribeSession?.();
      unsubscribeSession = null;
      disconnect();
    }
  };
}
