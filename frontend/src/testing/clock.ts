//! The clock every unit test runs against. Relative times ("5 minutes ago", "last week") and local
//! times are computed from `Date`, so a test that reads the wall clock passes or fails with the
//! calendar; pinned, the same fixture reads the same on every run.
import { vi } from 'vitest';

/** The instant tests run at: the fixtures in fixtures.ts are dated on this day, 24 Nov 2026. */
export const TEST_NOW = '2026-11-24T12:05:00Z';

/**
 * Freezes `Date` (and `Date.now`) at `at`. Only Date is faked: timers, promises and Testing
 * Library's waits stay real, so tests that await the UI behave as before.
 */
export function pinClock(at: string = TEST_NOW): void {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(at);
}
