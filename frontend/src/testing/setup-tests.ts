//! Unit-test setup: DOM matchers, a pinned clock, and a clean DOM, storage, fetch and clock between tests.
import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach, beforeEach, vi } from 'vitest';
import { pinClock } from './clock';

// Every test starts at TEST_NOW, so nothing it renders depends on the day the suite runs.
// A test may pin another instant, or switch to full fake timers; afterEach undoes either.
beforeEach(() => {
  pinClock();
});

afterEach(() => {
  cleanup();
  window.localStorage.clear();
  vi.unstubAllGlobals();
  vi.useRealTimers();
});
