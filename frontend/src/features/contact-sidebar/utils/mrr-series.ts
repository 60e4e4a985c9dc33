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

type Stream = { minor: number; plan: number; touched: number };

/**
 * Replays the events oldest first: a plan activation (or unfreeze) sets the plan's amount, each sale
 * sets its monthly equivalent, a freeze, cancellation or uninstall drops to 0. Events that say
 * nothing about revenue are skipped; consecutive equal values are merged into one step.
 *
 * A shop can use several of the organization's Partner apps (`merchantCount`), and the API does not
 * say which app an event belongs to, so the MRR is the sum of up to `merchantCount` streams: an
 * event goes to the stream already at its amount (or whose plan it is), else to a new stream while
 * fewer than `merchantCount` exist, else to the most recently changed one. With one merchant this
 * is exactly the rules above. `fallbackCurrency` (the merchant's MRR currency) is used when no
 * charge names one, since sales carry minor units only.
 */
export function mrrSeries(
  events: readonly ShopifyLifecycleEvent[],
  fallbackCurrency: string | null = null,
  merchantCount = 1,
): MrrSeries {
  const ordered = events
    .map((event) => ({ event, at: Date.parse(event.occurred_at) }))
    .filter(({ at }) => Number.isFinite(at));
  // A fresh array (map/filter above), so sorting in place changes nothing the caller holds.
  // oxlint-disable-next-line unicorn/no-array-sort
  ordered.sort((a, b) => a.at - b.at);
  const capacity = Math.max(1, merchantCount);
  const streams: Stream[] = [];
  const points: MrrPoint[] = [];
  let currency: string | null = null;
  let clock = 0;

  function latest(candidates: Stream[]): Stream | undefined {
    return candidates.reduce<Stream | undefined>((best, stream) => (!best || stream.touched > best.touched ? stream : best), undefined);
  }
  function pick(amount: number | null, zeroing: boolean): Stream {
    const match =
      amount === null
        ? undefined
        : zeroing
          ? streams.find((stream) => stream.minor === amount && amount > 0)
          : (streams.find((stream) => stream.minor === amount) ?? streams.find((stream) => stream.minor === 0 && stream.plan === amount));
    if (match) return match;
    if (!zeroing && streams.length < capacity) {
      const fresh = { minor: 0, plan: 0, touched: 0 };
      streams.push(fresh);
      return fresh;
    }
    const live = streams.filter((stream) => stream.minor > 0);
    return latest(live.length > 0 ? live : streams) ?? { minor: 0, plan: 0, touched: 0 };
  }

  for (const { event, at } of ordered) {
    const step = stepOf(event);
    if (!step) continue;
    if (step.currency) currency = step.currency;
    const zeroing = step.minor === 0;
    const amount = zeroing ? (planAmount(event) ?? null) : step.minor;
    const stream = pick(amount, zeroing);
    stream.minor = step.minor;
    if (!zeroing) stream.plan = step.minor;
    stream.touched = ++clock;
    const total = streams.reduce((sum, each) => sum + each.minor, 0);
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

/** The plan amount a freeze or cancellation names, to find the stream it stops. */
function planAmount(event: ShopifyLifecycleEvent): number | undefined {
  const amount = isRecord(event.details) ? event.details.amount : undefined;
  if (!isRecord(amount) || typeof amount.currency !== 'string') return undefined;
  return toMinorUnits(amount.amount, amount.currency) ?? undefined;
}
