//! The MRR step series replayed from Shopify lifecycle events.
import { describe, expect, it } from 'vitest';
import type { ShopifyLifecycleEvent } from '@/api/types';
import { monthlyFromSale, mrrSeries, toMinorUnits } from './mrr-series';

function ev(event_type: string, day: number, details: Record<string, unknown> = {}, app = '1001'): ShopifyLifecycleEvent {
  return { event_type, partner_app_id: app, occurred_at: new Date(Date.UTC(2026, 0, day)).toISOString(), details };
}
const at = (day: number) => Date.UTC(2026, 0, day);
const charge = (amount: string, currency = 'USD') => ({ amount: { amount, currency }, plan_name: 'Pro' });
const sale = (gross_minor: number, billing_interval: string) => ({ gross_minor, net_minor: 0, billing_interval });

describe('mrrSeries', () => {
  it('replays activation, sales, freeze and unfreeze oldest first (whatever the input order)', () => {
    const events = [
      ev('SUBSCRIPTION_CHARGE_UNFROZEN', 20, charge('49.00')),
      ev('SUBSCRIPTION_CHARGE_FROZEN', 15, charge('29.99')),
      ev('SUBSCRIPTION_SALE', 3, sale(2999, 'EVERY_30_DAYS')),
      ev('SUBSCRIPTION_CHARGE_ACTIVATED', 2, charge('29.99')),
      ev('RELATIONSHIP_INSTALLED', 1),
    ];
    expect(mrrSeries(events)).toEqual({
      currency: 'USD',
      points: [
        { at: at(2), minor: 2999 },
        { at: at(15), minor: 0 },
        { at: at(20), minor: 4900 },
      ],
    });
  });

  it('normalizes sales to 30 days by billing interval', () => {
    expect(monthlyFromSale(2999, 'EVERY_30_DAYS')).toBe(2999);
    expect(monthlyFromSale(7900, 'EVERY_90_DAYS')).toBe(2633);
    expect(monthlyFromSale(89900, 'ANNUAL')).toBe(7389);
    expect(monthlyFromSale(100, 'WEEKLY')).toBeNull();
    const { points } = mrrSeries([ev('SUBSCRIPTION_SALE', 1, sale(89900, 'ANNUAL'))], 'USD');
    expect(points).toEqual([{ at: at(1), minor: 7389 }]);
  });

  it('drops to zero on cancellation and uninstall', () => {
    const { points } = mrrSeries([
      ev('SUBSCRIPTION_CHARGE_ACTIVATED', 1, charge('9.99')),
      ev('SUBSCRIPTION_CHARGE_CANCELED', 5),
      ev('SUBSCRIPTION_CHARGE_ACTIVATED', 6, charge('9.99')),
      ev('RELATIONSHIP_UNINSTALLED', 9, { reason: 'Too expensive' }),
    ]);
    expect(points.map((point) => point.minor)).toEqual([999, 0, 999, 0]);
  });

  it('skips events without usable amounts and uses the fallback currency', () => {
    const series = mrrSeries(
      [
        ev('SUBSCRIPTION_CHARGE_ACTIVATED', 1, { amount: null }),
        ev('SUBSCRIPTION_SALE', 2, { gross_minor: '12' }),
        ev('SUBSCRIPTION_SALE', 3, sale(1200, 'EVERY_30_DAYS')),
        { event_type: 'SUBSCRIPTION_SALE', partner_app_id: '1001', occurred_at: 'not a date', details: sale(5, 'EVERY_30_DAYS') },
      ],
      'EUR',
    );
    expect(series).toEqual({ currency: 'EUR', points: [{ at: at(3), minor: 1200 }] });
    expect(mrrSeries([]).points).toEqual([]);
  });

  it('converts decimal amounts with the currency exponent', () => {
    expect(toMinorUnits('29.99', 'USD')).toBe(2999);
    expect(toMinorUnits('1200', 'JPY')).toBe(1200);
    expect(toMinorUnits('', 'USD')).toBeNull();
    expect(toMinorUnits('abc', 'USD')).toBeNull();
  });
});

describe('mrrSeries across several Partner apps of one shop', () => {
  it('sums one running MRR per Partner app', () => {
    // Two apps billing monthly on the same days, events listed newest first as the API sends them.
    const events = [
      ev('SUBSCRIPTION_SALE', 40, sale(4900, 'EVERY_30_DAYS'), '1002'),
      ev('SUBSCRIPTION_SALE', 40, sale(2999, 'EVERY_30_DAYS')),
      ev('SUBSCRIPTION_SALE', 10, sale(4900, 'EVERY_30_DAYS'), '1002'),
      ev('SUBSCRIPTION_CHARGE_ACTIVATED', 10, charge('49.00'), '1002'),
      ev('SUBSCRIPTION_SALE', 10, sale(2999, 'EVERY_30_DAYS')),
      ev('SUBSCRIPTION_SALE', 2, sale(2999, 'EVERY_30_DAYS')),
      ev('SUBSCRIPTION_CHARGE_ACTIVATED', 2, charge('29.99')),
    ];
    expect(mrrSeries(events, 'USD').points).toEqual([
      { at: at(2), minor: 2999 },
      { at: at(10), minor: 7899 },
    ]);
    // Freezing the second app's plan stops that app's MRR only.
    const frozen = mrrSeries([...events, ev('SUBSCRIPTION_CHARGE_FROZEN', 50, charge('49.00'), '1002')], 'USD');
    expect(frozen.points.at(-1)).toEqual({ at: at(50), minor: 2999 });
  });

  it('with one app, a new plan replaces the old one', () => {
    const { points } = mrrSeries([ev('SUBSCRIPTION_CHARGE_ACTIVATED', 1, charge('29.99')), ev('SUBSCRIPTION_CHARGE_ACTIVATED', 5, charge('49.00'))]);
    expect(points.map((point) => point.minor)).toEqual([2999, 4900]);
  });
});
