//! The integration's last error in plain words.
export const RETRIES_EXHAUSTED_PREFIX = 'retries_exhausted:';
export const RETRIES_EXHAUSTED_MESSAGE = 'Sync stopped after 12 failed attempts. Check the token and press Sync now.';

// The server's words for a Partner API version Shopify no longer serves, e.g.
// "API version 2025-01 is no longer supported; supported: 2026-01, 2026-04".
const RETIRED_VERSION = /^API version (\S+) is no longer supported; supported: (.+)$/s;
// A stopped schedule keeps the failure that stopped it: "retries_exhausted: 12 syncs failed in a row; last: …".
const LAST_FAILURE = /; last: (.+)$/s;

/** One failure in words: a retired API version says what to change, anything else is shown as sent. */
function describeFailure(text: string): string {
  const retired = RETIRED_VERSION.exec(text);
  if (!retired) return text;
  const [, version, supported] = retired;
  return (
    `Shopify no longer serves Partner API version ${version}, so syncs fail. ` +
    `Set CONVOT_SHOPIFY_PARTNER_API_VERSION to a supported version (${supported}) and restart Convot.`
  );
}

/** The text as a sentence, so another can follow it. */
function sentence(text: string): string {
  return /[.!?…]$/.test(text) ? text : `${text}.`;
}

/**
 * null when there is no error. A stopped schedule says so and, when the server names it, the failure
 * that stopped it: the token is not always the cause (a retired API version is not the owner's token).
 */
export function describeSyncError(lastError: string | null | undefined): string | null {
  const text = lastError?.trim();
  if (!text) return null;
  if (!text.startsWith(RETRIES_EXHAUSTED_PREFIX)) return describeFailure(text);
  const last = LAST_FAILURE.exec(text)?.[1]?.trim();
  if (!last) return RETRIES_EXHAUSTED_MESSAGE;
  return `Sync stopped after 12 failed attempts. The last one: ${sentence(describeFailure(last))} Once that is fixed, press Sync now.`;
}
