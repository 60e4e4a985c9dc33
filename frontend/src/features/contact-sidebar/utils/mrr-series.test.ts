//! The MRR chart's series, read from the merchant's server-computed `mrr_history`.
import { describe, expect, it } from 'vitest';
import type { MrrStep } from '@/api/types';
import { mrrSeries } from './mrr-series';

const at = (day: number) => Date.UTC(2026, 0, day);
const step = (day: number, amount_minor: number): MrrStep => ({ at: new Date(at(day)).toISOString(), amount_minor });

describe('mrrSeries', () => {
  it('plots an annual merchant at its 30-day equivalent, never at the yearly sale', () => {
    // $899.00 a year is 7389 minor units per 30 days; the sale itself (89900) must never show.
    const { points, currency } = mrrSeries([step(1, 0), step(1, 7389)], 'USD');
    expect(currency).toBe('USD');
    expect(points.map((point) => point.minor)).toEqual([0, 7389]);
    expect(Math.max(...points.map((point) => point.minor))).toBeLessThanOrEqual(7389);
  });

  it('keeps an upgrade’s steps in order, with their dates', () => {
    const { points } = mrrSeries([step(1, 0), step(2, 999), step(30, 0), step(31, 2999)], 'USD');
    expect(points).toEqual([
      { at: at(1), minor: 0 },
      { at: at(2), minor: 999 },
      { at: at(30), minor: 0 },
      { at: at(31), minor: 2999 },
    ]);
  });

  it('is empty for an empty history, in the merchant’s currency', () => {
    expect(mrrSeries([], 'EUR')).toEqual({ points: [], currency: 'EUR' });
  });

  it('leaves out a step whose date does not parse', () => {
    const { points } = mrrSeries([step(1, 999), { at: 'not a date', amount_minor: 5 }], 'USD');
    expect(points).toEqual([{ at: at(1), minor: 999 }]);
  });
});
