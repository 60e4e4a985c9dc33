//! The integration's last error in plain words.
export const RETRIES_EXHAUSTED_PREFIX = 'retries_exhausted:';
export const RETRIES_EXHAUSTED_MESSAGE = 'Sync stopped after 12 failed attempts. Check the token and press Sync now.';

/** null when there is no error; the stopped schedule gets a fixed sentence, anything else is shown as sent. */
export function describeSyncError(lastError: string | null | undefined): string | null {
  const text = lastError?.trim();
  if (!text) return null;
  if (text.startsWith(RETRIES_EXHAUSTED_PREFIX)) return RETRIES_EXHAUSTED_MESSAGE;
  return text;
}

/** A 422's `details.fields` as field → message (non-string entries are dropped). */
export function fieldErrors(details: Record<string, unknown> | undefined): Record<string, string> {
  const fields = details?.fields;
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) return {};
  return Object.fromEntries(
    Object.entries(fields as Record<string, unknown>).flatMap(([key, value]) => {
      if (typeof value === 'string') return [[key, value]];
      if (Array.isArray(value) && typeof value[0] === 'string') return [[key, value.join(' ')]];
      return [];
    }),
  );
}
