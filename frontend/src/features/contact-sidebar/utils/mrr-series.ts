//! The MRR chart's series: one merchant's MRR steps as the server computed them (normalized to
//! 30 days per charge), never rebuilt from events, so the line agrees with the merchant's `mrr`.
import type { MrrStep } from '@/api/types';

/** From `at` (ms since epoch) on, the MRR was `minor` (integer minor units). */
export type MrrPoint = { at: number; minor: number };
export type MrrSeries = { points: MrrPoint[]; currency: string };

/**
 * The steps (oldest first, as the API sends them) as chart points in `currency`. A step whose
 * date does not parse is left out rather than drawn at the wrong place; amounts are used as
 * sent, so the line never shows more than the merchant was charged per 30 days.
 */
export function mrrSeries(history: readonly MrrStep[], currency: string): MrrSeries {
  const points = history
    .map((step) => ({ at: Date.parse(step.at), minor: step.amount_minor }))
    .filter((point) => Number.isFinite(point.at));
  return { points, currency };
}
