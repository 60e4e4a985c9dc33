//! Shopify amounts: integer minor units shown in the currency's own exponent.
import { describe, expect, it } from 'vitest';
import { formatMoney } from './money';

describe('formatMoney', () => {
  it('formats minor units per currency', () => {
    expect(formatMoney({ amount_minor: 999, currency: 'USD' })).toBe('$9.99');
    expect(formatMoney({ amount_minor: 1200, currency: 'JPY' })).toBe('¥1,200');
  });

  it('falls back to plain text for an unknown currency code', () => {
    expect(formatMoney({ amount_minor: 500, currency: 'not a currency' })).toBe('5 not a currency');
  });
});
