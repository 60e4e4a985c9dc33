//! The demo host page: loads the widget like a customer site would, then drives it from two forms.
import type { ConvotApi, IdentifyPayload } from '../types';

const WIDGET_SRC = '/widget/v1/convot.js';
const IDENTIFY_FIELDS = ['email', 'name', 'external_id', 'company', 'user_hash'] as const;

function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`#${id} is missing from the demo page`);
  return element as T;
}

type ResultState = 'pending' | 'success' | 'error';

function show(target: HTMLElement, state: ResultState, text: string) {
  target.dataset.state = state;
  target.textContent = text;
}

function describeError(error: unknown): string {
  if (error instanceof Error) {
    const { code, status, details } = error as Error & { code?: string; status?: number; details?: Record<string, unknown> };
    const head = code ? `${code}${status ? ` (HTTP ${status})` : ''}: ${error.message}` : error.message;
    return details && Object.keys(details).length > 0 ? `${head}\n${JSON.stringify(details, null, 2)}` : head;
  }
  return String(error);
}

function setEnabled(form: HTMLFormElement, enabled: boolean) {
  for (const button of form.querySelectorAll('button')) button.disabled = !enabled;
}

/** Runs a widget call for a form: disables it meanwhile and shows the JSON result or the error. */
async function run(form: HTMLFormElement, target: HTMLElement, label: string, call: () => Promise<unknown>) {
  setEnabled(form, false);
  show(target, 'pending', `${label}…`);
  try {
    const result = await call();
    show(target, 'success', JSON.stringify(result ?? null, null, 2));
  } catch (error) {
    show(target, 'error', describeError(error));
  } finally {
    setEnabled(form, true);
  }
}

function identifyPayload(form: HTMLFormElement): IdentifyPayload {
  const data = new FormData(form);
  const payload: IdentifyPayload = {};
  for (const field of IDENTIFY_FIELDS) {
    const value = String(data.get(field) ?? '').trim();
    if (value) payload[field] = value;
  }
  const customData = String(data.get('custom_data') ?? '').trim();
  if (customData) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(customData);
    } catch {
      throw new Error('Custom data is not valid JSON.');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new Error('Custom data must be a JSON object, e.g. {"plan": "pro"}.');
    }
    payload.custom_data = parsed as IdentifyPayload['custom_data'];
  }
  return payload;
}

function loadWidget(appId: string): Promise<ConvotApi> {
  window.Convot = { app_id: appId };
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = WIDGET_SRC;
    script.async = true;
    script.addEventListener('load', () => {
      const api = window.Convot;
      if (api && 'identify' in api) resolve(api);
      else reject(new Error('convot.js loaded but did not install window.Convot.'));
    });
    script.addEventListener('error', () => reject(new Error(`Could not load ${WIDGET_SRC}.`)));
    document.head.append(script);
  });
}

function main() {
  const appForm = byId<HTMLFormElement>('app-form');
  const appInput = byId<HTMLInputElement>('app-id');
  const status = byId<HTMLElement>('widget-status');
  const identifyForm = byId<HTMLFormElement>('identify-form');
  const identifyResult = byId<HTMLElement>('identify-result');
  const messageForm = byId<HTMLFormElement>('message-form');
  const messageResult = byId<HTMLElement>('message-result');

  const appId = new URLSearchParams(window.location.search).get('app_id')?.trim() ?? '';
  appInput.value = appId;

  appForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const url = new URL(window.location.href);
    url.searchParams.set('app_id', appInput.value.trim());
    window.location.assign(url.href);
  });

  if (!appId) {
    status.textContent = 'Enter an app key above to load the widget.';
    appInput.focus();
    return;
  }

  loadWidget(appId).then(
    (convot) => {
      status.dataset.state = 'ready';
      status.textContent = `Widget v${convot.version} loaded for ${convot.app_id}.`;
      setEnabled(identifyForm, true);
      setEnabled(messageForm, true);

      identifyForm.addEventListener('submit', (event) => {
        event.preventDefault();
        void run(identifyForm, identifyResult, 'Identifying', () => convot.identify(identifyPayload(identifyForm)));
      });
      messageForm.addEventListener('submit', (event) => {
        event.preventDefault();
        const content = String(new FormData(messageForm).get('content') ?? '');
        void run(messageForm, messageResult, 'Sending', () => convot.message(content));
      });
    },
    (error: unknown) => {
      status.dataset.state = 'error';
      status.textContent = describeError(error);
    },
  );
}

main();
