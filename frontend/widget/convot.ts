//! The widget's engine: visitor session, ordered command queue, 401 recovery and heartbeats.
import { mergeFields, parseCommand } from './commands';
import { ConvotError, postJson, type FetchLike } from './http';
import type { Command, HeartbeatPayload, IdentifyPayload, IdentifyResult, MessageResult } from './types';

export const HEARTBEAT_INTERVAL_MS = 30_000;

/** Activity that makes the next heartbeat say `active: true`. */
const ACTIVITY_EVENTS = ['pointerdown', 'pointermove', 'keydown', 'scroll', 'wheel', 'touchstart'] as const;

type Logger = Pick<Console, 'debug' | 'warn'>;

export type ConvotOptions = {
  appId: unknown;
  /** Where the Convot server lives, ending in `/` (e.g. `https://convot.example.com/`). */
  baseUrl: string;
  window: Window;
  /** Defaults to the window's `fetch`, looked up on every call. */
  fetch?: FetchLike;
  /** Defaults to the window's `localStorage` (falls back to memory where storage is blocked). */
  storage?: Storage | null;
  heartbeatIntervalMs?: number;
  /** Defaults to `Intl.DateTimeFormat().resolvedOptions().timeZone`. */
  timeZone?: () => string | undefined;
  log?: Logger;
};

export type Convot = {
  readonly appId: string;
  identify(payload: IdentifyPayload): Promise<IdentifyResult>;
  message(content: string): Promise<MessageResult>;
  push(...commands: Command[]): void;
  /** Sends a heartbeat now (also what the timer and the visibility listener do). */
  heartbeat(): Promise<void>;
  /** Stops timers and listeners (tests; a host page never needs it). */
  destroy(): void;
};

export function sessionStorageKey(appId: string): string {
  return `convot:${appId}:session`;
}

function browserTimeZone(): string | undefined {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || undefined;
  } catch {
    return undefined;
  }
}

function defaultStorage(win: Window): Storage | null {
  try {
    return win.localStorage; // throws where the host (or the user) blocks storage
  } catch {
    return null;
  }
}

/** The session token, in the host's localStorage when allowed, else in memory for this page. */
function tokenStore(storage: Storage | null, key: string) {
  let memory: string | null = null;
  return {
    get(): string | null {
      try {
        const stored = storage?.getItem(key);
        if (stored) return stored;
      } catch {
        // storage blocked: memory only
      }
      return memory;
    },
    set(token: string) {
      memory = token;
      try {
        storage?.setItem(key, token);
      } catch {
        // storage full or blocked: memory only
      }
    },
    /** Forgets `token` unless another call already replaced it. */
    drop(token: string) {
      if (memory === token) memory = null;
      try {
        if (storage?.getItem(key) === token) storage.removeItem(key);
      } catch {
        // storage blocked
      }
    },
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function createConvot(options: ConvotOptions): Convot {
  const win = options.window;
  const doc = win.document;
  const log = options.log ?? console;
  const fetchFn: FetchLike = options.fetch ?? ((input, init) => win.fetch(input, init));
  const timeZone = options.timeZone ?? browserTimeZone;
  const appId = typeof options.appId === 'string' ? options.appId.trim() : '';

  /** Set when nothing can ever work (no or unknown app_id): every call fails fast with it. */
  let fatal: ConvotError | null = appId
    ? null
    : new ConvotError('missing_app_id', 'Set window.Convot = {app_id: "app_…"} before loading convot.js');
  let destroyed = false;
  const tokens = tokenStore(options.storage === undefined ? defaultStorage(win) : options.storage, sessionStorageKey(appId));
  let creating: Promise<string> | null = null;

  const url = (path: string) => new URL(`api/v1/widget/${path}`, options.baseUrl).href;

  function stopForGood(error: ConvotError) {
    fatal = error;
    win.clearInterval(timer);
    log.warn(`[convot] ${error.message} (${error.code}); the widget is disabled on this page.`);
  }

  function sessionToken(): Promise<string> {
    if (fatal) return Promise.reject(fatal);
    const stored = tokens.get();
    if (stored) return Promise.resolve(stored);
    if (!creating) {
      creating = postJson<unknown>(fetchFn, url('sessions'), { app_id: appId })
        .then(
          (body) => {
            const token = isRecord(body) ? body.session_token : undefined;
            if (typeof token !== 'string' || !token) {
              throw new ConvotError('invalid_response', 'Convot did not return a session token');
            }
            tokens.set(token);
            return token;
          },
          (error: unknown) => {
            if (error instanceof ConvotError && error.code === 'unknown_app') stopForGood(error);
            throw error;
          },
        )
        .finally(() => {
          creating = null;
        });
    }
    return creating;
  }

  /** A session-authenticated call; a 401 drops the token, makes a new session and retries once. */
  async function call<T>(path: string, body: unknown): Promise<T> {
    const token = await sessionToken();
    try {
      return await postJson<T>(fetchFn, url(path), body, token);
    } catch (error) {
      if (!(error instanceof ConvotError) || error.status !== 401) throw error;
      tokens.drop(token);
      return postJson<T>(fetchFn, url(path), body, await sessionToken());
    }
  }

  // Identify and message calls run one after another, in the order they were made.
  let tail: Promise<unknown> = Promise.resolve();
  function enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = tail.then(task);
    tail = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  function identify(payload: IdentifyPayload): Promise<IdentifyResult> {
    flushSets();
    if (!isRecord(payload)) {
      return Promise.reject(new ConvotError('invalid_argument', 'Convot.identify expects an object'));
    }
    const body: IdentifyPayload = { ...payload };
    if (body.time_zone == null) {
      const zone = timeZone();
      if (zone) body.time_zone = zone;
      else delete body.time_zone;
    }
    return enqueue(() => call<IdentifyResult>('identify', body));
  }

  function message(content: string): Promise<MessageResult> {
    flushSets();
    if (typeof content !== 'string') {
      return Promise.reject(new ConvotError('invalid_argument', 'Convot.message expects a string'));
    }
    return enqueue(() => call<MessageResult>('messages', { content }));
  }

  // Consecutive `set` commands become one identify call, sent before anything queued after them.
  let pendingSets: IdentifyPayload | null = null;
  function flushSets() {
    if (!pendingSets) return;
    const fields = pendingSets;
    pendingSets = null;
    report('identify', identify(fields));
  }

  function report(what: string, result: Promise<unknown>) {
    result.catch((error: unknown) => {
      if (error instanceof ConvotError && error.code !== 'network_error') {
        log.warn(`[convot] ${what} failed: ${error.code}: ${error.message}`, error.details);
      } else {
        log.debug(`[convot] ${what} failed`, error);
      }
    });
  }

  function runCommand(command: Command) {
    const action = parseCommand(command);
    switch (action.kind) {
      case 'set':
        if (!pendingSets) void Promise.resolve().then(flushSets);
        pendingSets = mergeFields(pendingSets ?? {}, action.fields);
        return;
      case 'identify':
        report('identify', identify(action.payload));
        return;
      case 'message':
        report('message:send', message(action.content));
        return;
      case 'invalid':
        log.warn(`[convot] ignored command ${safeJson(command)}: ${action.reason}`);
    }
  }

  function push(...commands: Command[]) {
    for (const command of commands) {
      try {
        runCommand(command);
      } catch (error) {
        log.debug('[convot] command failed', error);
      }
    }
  }

  // Heartbeats: presence for the agents. Never throw; failures are only logged at debug level.
  let activeSinceLastBeat = false;
  const markActive = () => {
    activeSinceLastBeat = true;
  };

  async function heartbeat(): Promise<void> {
    if (fatal || destroyed) return;
    try {
      await sessionToken();
      const body: HeartbeatPayload = { visible: doc.visibilityState === 'visible', active: activeSinceLastBeat };
      activeSinceLastBeat = false;
      await call<void>('heartbeat', body);
    } catch (error) {
      log.debug('[convot] heartbeat failed', error);
    }
  }

  const onVisibilityChange = () => {
    if (doc.visibilityState === 'visible') void heartbeat();
  };

  const listenerOptions: AddEventListenerOptions = { capture: true, passive: true };
  for (const type of ACTIVITY_EVENTS) win.addEventListener(type, markActive, listenerOptions);
  doc.addEventListener('visibilitychange', onVisibilityChange);
  const timer = win.setInterval(() => void heartbeat(), options.heartbeatIntervalMs ?? HEARTBEAT_INTERVAL_MS);

  if (fatal) stopForGood(fatal);
  else void heartbeat(); // creates the session, then the first heartbeat right away

  return {
    appId,
    identify,
    message,
    push,
    heartbeat,
    destroy() {
      destroyed = true;
      win.clearInterval(timer);
      for (const type of ACTIVITY_EVENTS) win.removeEventListener(type, markActive, listenerOptions);
      doc.removeEventListener('visibilitychange', onVisibilityChange);
    },
  };
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}
