//! Money as text: integer minor units in the currency's own exponent.
import type { Money } from '@/api/types';

/** Integer minor units in the currency's own exponent (cents for USD, none for JPY). */
export function formatMoney({ amount_minor: minor, currency }: Money): string {
  try {
    const format = new Intl.NumberFormat('en', { style: 'currency', currency });
    return format.format(minor / 10 ** (format.resolvedOptions().maximumFractionDigits ?? 2));
  } catch {
    return `${minor / 100} ${currency}`;
  }
}
