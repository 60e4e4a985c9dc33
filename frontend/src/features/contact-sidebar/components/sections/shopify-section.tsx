//! Shopify: the merchant behind the contact (present only once the integration links one).
import type { Money } from '@/api/types';
import { formatDateTime, formatValue } from '@/lib/format';
import type { SectionProps } from './section-props';

const LABELS: [key: string, label: string][] = [
  ['shop_domain', 'Shop'],
  ['plan_name', 'Plan'],
  ['subscription_status', 'Status'],
  ['installed_at', 'Installed'],
  ['uninstalled_at', 'Uninstalled'],
  ['last_synced_at', 'Last synced'],
  ['mrr', 'MRR'],
  ['lifetime_value', 'Lifetime value'],
];

function isMoney(value: unknown): value is Money {
  const record = value as Partial<Money> | null;
  return typeof record?.amount_minor === 'number' && typeof record.currency === 'string';
}

/** Integer minor units in the currency's own exponent (cents for USD, none for JPY). */
export function formatMoney({ amount_minor: minor, currency }: Money): string {
  try {
    const format = new Intl.NumberFormat('en', { style: 'currency', currency });
    return format.format(minor / 10 ** (format.resolvedOptions().maximumFractionDigits ?? 2));
  } catch {
    return `${minor / 100} ${currency}`;
  }
}

function display(key: string, value: unknown): string {
  // Amounts are integer minor units with their currency (SPEC §2).
  if (isMoney(value)) return formatMoney(value);
  if (key.endsWith('_at') && typeof value === 'string') return formatDateTime(value);
  return formatValue(value);
}

export function ShopifySection({ sidebar }: SectionProps) {
  const shopify = (sidebar.shopify ?? {}) as Record<string, unknown>;
  const rows = LABELS.filter(([key]) => shopify[key] !== undefined && shopify[key] !== null);
  if (rows.length === 0) return <p className="sidebar-empty">No Shopify details.</p>;
  return (
    <dl className="sidebar-fields">
      {rows.map(([key, label]) => (
        <div key={key} className="sidebar-fields__row">
          <dt>{label}</dt>
          <dd>{display(key, shopify[key])}</dd>
        </div>
      ))}
    </dl>
  );
}
