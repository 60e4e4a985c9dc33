//! Shopify: the merchant behind the contact (present only once the integration links one), with an
//! MRR history chart for users who may see revenue.
import type { ContactShopify, Money } from '@/api/types';
import { formatDateTime, formatValue } from '@/lib/format';
import { useContactShopify } from '../../api/get-contact-shopify';
import { formatMoney } from '../../utils/money';
import { mrrSeries } from '../../utils/mrr-series';
import { MrrChart } from '../mrr-chart';
import type { SectionProps } from './section-props';

export { formatMoney };

export const STALE_MESSAGE = 'Last sync failed; figures may be out of date';

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

function display(key: string, value: unknown): string {
  // Amounts are integer minor units with their currency (SPEC §2).
  if (isMoney(value)) return formatMoney(value);
  if (key.endsWith('_at') && typeof value === 'string') return formatDateTime(value);
  return formatValue(value);
}

/** The chart only for users with the revenue permission: without it no merchant carries `mrr`. */
function MrrHistory({ data, now }: { data: ContactShopify; now: Date }) {
  const withRevenue = data.merchants.filter((merchant) => merchant.mrr !== undefined && merchant.mrr !== null);
  if (withRevenue.length === 0) return null;
  const series = mrrSeries(data.events, withRevenue[0]?.mrr?.currency ?? null);
  const note = data.merchants.length > 1 ? `Summed over ${data.merchants.length} Partner apps.` : undefined;
  return <MrrChart series={series} now={now} note={note} />;
}

export function ShopifySection({ sidebar, now }: SectionProps) {
  const shopify = (sidebar.shopify ?? {}) as Record<string, unknown>;
  const details = useContactShopify(sidebar.contact.id);
  const rows = LABELS.filter(([key]) => shopify[key] !== undefined && shopify[key] !== null);
  const stale = shopify.stale === true || details.data?.stale === true;
  return (
    <>
      {stale ? (
        <p className="sidebar-stale" role="status">
          {STALE_MESSAGE}
        </p>
      ) : null}
      {rows.length === 0 ? (
        <p className="sidebar-empty">No Shopify details.</p>
      ) : (
        <dl className="sidebar-fields">
          {rows.map(([key, label]) => (
            <div key={key} className="sidebar-fields__row">
              <dt>{label}</dt>
              <dd>{display(key, shopify[key])}</dd>
            </div>
          ))}
        </dl>
      )}
      {details.data ? <MrrHistory data={details.data} now={now} /> : null}
    </>
  );
}
