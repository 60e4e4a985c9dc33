//! The integration's error wording and the 422 field map.
import { describe, expect, it } from 'vitest';
import { describeSyncError, fieldErrors, RETRIES_EXHAUSTED_MESSAGE } from './sync-error';

describe('describeSyncError', () => {
  it('says in plain words that the schedule stopped', () => {
    expect(describeSyncError('retries_exhausted: Partner API answered 401 Unauthorized')).toBe(RETRIES_EXHAUSTED_MESSAGE);
    expect(RETRIES_EXHAUSTED_MESSAGE).toBe('Sync stopped after 12 failed attempts. Check the token and press Sync now.');
  });

  it('shows other errors as sent and nothing when there is none', () => {
    expect(describeSyncError('  The Partner API rejected the token.  ')).toBe('The Partner API rejected the token.');
    expect(describeSyncError(null)).toBeNull();
    expect(describeSyncError('   ')).toBeNull();
  });
});

describe('fieldErrors', () => {
  it('keeps string messages per field', () => {
    expect(
      fieldErrors({ fields: { access_token: 'must be a Partner API token (prtapi_…)', 'apps.7': ['is not an app'], bad: 3 } }),
    ).toEqual({ access_token: 'must be a Partner API token (prtapi_…)', 'apps.7': 'is not an app' });
    expect(fieldErrors({})).toEqual({});
    expect(fieldErrors(undefined)).toEqual({});
  });
});
