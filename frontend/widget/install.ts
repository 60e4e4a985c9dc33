//! Turns the host's `window.Convot = {app_id, q}` into the live API, and runs the queued commands.
import { createConvot, type Convot } from './convot';
import type { Command, ConvotApi, ConvotConfig } from './types';

export const WIDGET_VERSION = '1';

/** The engine behind each installed API (tests use it to stop timers). */
const engines = new WeakMap<ConvotApi, Convot>();

export function engineOf(api: ConvotApi): Convot | undefined {
  return engines.get(api);
}

/** Already installed, possibly by another copy of this script. */
function isInstalled(value: unknown): value is ConvotApi {
  return typeof value === 'object' && value !== null && typeof (value as Partial<ConvotApi>).identify === 'function';
}

/**
 * The API base URL: everything before `/widget/` in the script's own `src`
 * (`https://convot.example.com/widget/v1/convot.js` → `https://convot.example.com/`), so the
 * snippet talks to the server it was loaded from, whatever the host page's origin.
 */
export function apiBaseUrl(scriptSrc: string | null | undefined, pageUrl: string): string {
  if (!scriptSrc) return new URL('/', pageUrl).href;
  const src = new URL(scriptSrc, pageUrl);
  const at = src.pathname.lastIndexOf('/widget/');
  return new URL(at >= 0 ? src.pathname.slice(0, at + 1) : '/', src.origin).href;
}

/** The `<script>` that loaded us: `currentScript` while running, else a matching `src`. */
function ownScriptSrc(doc: Document): string | null {
  const current = doc.currentScript;
  if (current instanceof HTMLScriptElement && current.src) return current.src;
  const scripts = doc.querySelectorAll<HTMLScriptElement>('script[src*="/widget/v1/convot"]');
  return scripts.length > 0 ? (scripts[scripts.length - 1]?.src ?? null) : null;
}

export type InstallOptions = {
  scriptSrc?: string | null;
  fetch?: Parameters<typeof createConvot>[0]['fetch'];
  heartbeatIntervalMs?: number;
};

/** Installs once per page; a second copy of the script leaves the first in charge. */
export function install(win: Window, options: InstallOptions = {}): ConvotApi {
  const existing: unknown = win.Convot;
  if (isInstalled(existing)) return existing;

  const config: ConvotConfig = typeof existing === 'object' && existing !== null ? (existing as ConvotConfig) : {};
  const queue: Command[] = Array.isArray(config.q) ? config.q : [];
  const scriptSrc = options.scriptSrc === undefined ? ownScriptSrc(win.document) : options.scriptSrc;
  const convot = createConvot({
    appId: config.app_id,
    baseUrl: apiBaseUrl(scriptSrc, win.location.href),
    window: win,
    fetch: options.fetch,
    heartbeatIntervalMs: options.heartbeatIntervalMs,
  });

  const api: ConvotApi = {
    app_id: convot.appId,
    version: WIDGET_VERSION,
    identify: (payload) => convot.identify(payload),
    message: (content) => convot.message(content),
    push: (...commands) => convot.push(...commands),
    q: queue,
  };
  engines.set(api, convot);
  win.Convot = api;

  // Commands queued before load run now, in order; later pushes onto the same array run at once.
  convot.push(...queue.splice(0, queue.length));
  queue.push = (...commands: Command[]) => {
    convot.push(...commands);
    return queue.length;
  };
  return api;
}
