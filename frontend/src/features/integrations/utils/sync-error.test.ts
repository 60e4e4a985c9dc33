//! The integration's error wording.
import { describe, expect, it } from 'vitest';
import { describeSyncError, RETRIES_EXHAUSTED_MESSAGE } from './sync-error';

describe('describeSyncError', () => {
  it('says in plain words that the schedule stopped', () => {
    expect(describeSyncError('retries_exhausted: Partner API answered 401 Unauthorized')).toBe(RETRIES_EXHAUSTED_MESSAGE);
    expect(RETRIES_EXHAUSTED_MESSAGE).toBe('Sync stopped after 12 failed attempts. Check the token and press Sync now.');
  });

  it('keeps the failure that stopped the schedule, since it is not always the token', () => {
    expect(describeSyncError('retries_exhausted: 12 syncs failed in a row; last: Partner API answered 503')).toBe(
      'Sync stopped after 12 failed attempts. The last one: Partner API answered 503. Once that is fixed, press Sync now.',
    );
  });

  it('says what to change for a retired API version, alone or as the failure that stopped the schedule', () => {
    const retired = 'API version 2025-01 is no longer supported; supported: 2026-01, 2026-04';
    const advice =
      'Shopify no longer serves Partner API version 2025-01, so syncs fail. ' +
      'Set CONVOT_SHOPIFY_PARTNER_API_VERSION to a supported version (2026-01, 2026-04) and restart Convot.';
    expect(describeSyncError(retired)).toBe(advice);
    expect(describeSyncError(`retries_exhausted: 12 syncs failed in a row; last: ${retired}`)).toBe(
      `Sync stopped after 12 failed attempts. The last one: ${advice} Once that is fixed, press Sync now.`,
    );
  });

  it('shows other errors as sent and nothing when there is none', () => {
    expect(describeSyncError('  The Partner API rejected the token.  ')).toBe('The Partner API rejected the token.');
    expect(describeSyncError('no such Partner organization: 111111 (the Partner API answered 404; check the organization id)')).toBe(
      'no such Partner organization: 111111 (the Partner API answered 404; check the organization id)',
    );
    expect(describeSyncError(null)).toBeNull();
    expect(describeSyncError('   ')).toBeNull();
  });
});
