//! MRR over time from a merchant's Shopify lifecycle events (oldest first), as a step series.
import type { ShopifyLifecycleEvent } from '@/api/types';

/** From `at` (ms since epoch) on, the MRR was `minor` (integer minor units). */
export type MrrPoint = { at: number; minor: number };
export type MrrSeries = { points: MrrPoint[]; currency: string | null };

const SET_PLAN = new Set(['SUBSCRIPTION_CHARGE_ACTIVATED', 'SUBSCRIPTION_CHARGE_UNFROZEN']);
const TO_ZERO = new Set(['SUBSCRIPTION_CHARGE_FROZEN', 'SUBSCRIPTION_CHARGE_CANCELED', 'RELATIONSHIP_UNINSTALLED']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Digits after the decimal point for a currency (2 for USD, 0 for JPY). */
export function currencyExponent(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** A decimal string ("29.99") in a currency as integer minor units, or null when it is not a number. */
export function toMinorUnits(amount: unknown, currency: string): number | null {
  const value = typeof amount === 'number' ? amount : typeof amount === 'string' ? Number(amount.trim()) : Number.NaN;
  if (!Number.isFinite(value) || (typeof amount === 'string' && amount.trim() === '')) return null;
  return Math.round(value * 10 ** currencyExponent(currency));
}

/** A sale's gross amount per 30 days: monthly as is, quarterly / 3, annual × 30/365. */
export function monthlyFromSale(grossMinor: number, interval: unknown): number | null {
  if (interval === 'EVERY_30_DAYS') return grossMinor;
  if (interval === 'EVERY_90_DAYS') return Math.round(grossMinor / 3);
  if (interval === 'ANNUAL') return Math.round((grossMinor * 30) / 365);
  return null;
}

type Step = { minor: number; currency?: string };

function stepOf(event: ShopifyLifecycleEvent): Step | null {
  const details = isRecord(event.details) ? event.details : {};
  if (SET_PLAN.has(event.event_type)) {
    const amount = details.amount;
    if (!isRecord(amount) || typeof amount.currency !== 'string') return null;
    const minor = toMinorUnits(amount.amount, amount.currency);
    return minor === null ? null : { minor, currency: amount.currency };
  }
  if (event.event_type === 'SUBSCRIPTION_SALE') {
    if (typeof details.gross_minor !== 'number') return null;
    const minor = monthlyFromSale(details.gross_minor, details.billing_interval);
    return minor === null ? null : { minor };
  }
  if (TO_ZERO.has(event.event_type)) return { minor: 0 };
  return null;
}

/**
 * Replays the events oldest first, one running MRR per Partner app (a shop can use several of
 * the organization's apps): a plan activation (or unfreeze) sets that app's plan amount, each
 * sale its monthly equivalent, a freeze, cancellation or uninstall drops it to 0. The series is
 * the sum over apps; events that say nothing about revenue are skipped and consecutive equal
 * totals merge into one step. `fallbackCurrency` (the merchant's MRR currency) is used when no
 * charge names one.
 */
export function mrrSeries(events: readonly ShopifyLifecycleEvent[], fallbackCurrency: string | null = null): MrrSeries {
  const ordered = events
    .map((event) => ({ event, at: Date.parse(event.occurred_at) }))
    .filter(({ at }) => Number.isFinite(at));
  // A fresh array (map/filter above), so sorting in place changes nothing the caller holds.
  // oxlint-disable-next-line unicorn/no-array-sort
  ordered.sort((a, b) => a.at - b.at);
  const perApp = new Map<string, number>();
  const points: MrrPoint[] = [];
  let currency: string | null = null;
  for (const { event, at } of ordered) {
    const step = stepOf(event);
    if (!step) continue;
    if (step.currency) currency = step.currency;
    perApp.set(event.partner_app_id, step.minor);
    const total = [...perApp.values()].reduce((sum, minor) => sum + minor, 0);
    const last = points[points.length - 1];
    if (last && last.at === at) {
      last.minor = total;
      const before = points[points.length - 2];
      if (before && before.minor === total) points.pop();
    } else if (!last || last.minor !== total) {
      points.push({ at, minor: total });
    }
  }
  return { points, currency: currency ?? fallbackCurrency };
}
