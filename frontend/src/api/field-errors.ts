//! A 422's `details.fields` as field → message: what forms show under the input each names.
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
