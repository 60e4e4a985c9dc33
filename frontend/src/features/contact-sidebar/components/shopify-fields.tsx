//! The sidebar's Shopify rows: the contact as a merchant of one app, each figure labelled with what
//! it means (MRR is what the merchant pays, lifetime value what the Partner earned).
import type { ReactNode } from 'react';
import type { ShopifySubscriptionStatus, SidebarShopify } from '@/api/types';
import { Badge, type BadgeTone } from '@/components/ui/status-badge';
import { formatDateTime } from '@/lib/format';
import { formatMoney } from '../utils/money';
import { STATUS_WORDS } from '../utils/shopify-words';

export const MRR_MEANING = 'What the merchant pays per 30 days';
export const LIFETIME_VALUE_MEANING = 'Net earned from this shop';
export const TEST_CHARGE_MEANING = 'A development store’s test charge: it earns nothing';

type Row = { label: string; value: ReactNode; meaning?: string };

/** Coloured like a conversation's status: active is healthy, frozen needs attention, churned is lost. */
const SUBSCRIPTION_TONES: Record<ShopifySubscriptionStatus, BadgeTone> = {
  trialing: 'info',
  active: 'positive',
  frozen: 'warning',
  churned: 'negative',
};

/** A visible mark beside the plan: the charge is a test and earns nothing. */
function TestChargeMark() {
  return (
    <span className="shopify-test-mark" title={TEST_CHARGE_MEANING}>
      Test charge
    </span>
  );
}

/** An amount with what it means under it, each in its own element so either reads on its own. */
function Figure({ amount, meaning }: { amount: string; meaning: string }) {
  return (
    <>
      <span>{amount}</span>
      <span className="sidebar-fields__meaning">{meaning}</span>
    </>
  );
}

function plan(shopify: SidebarShopify): ReactNode {
  if (!shopify.test_charge) return shopify.plan_name;
  return (
    <>
      <span>{shopify.plan_name ?? 'Unknown plan'}</span> <TestChargeMark />
      <span className="sidebar-fields__meaning">Development store: earns nothing</span>
    </>
  );
}

function rows(shopify: SidebarShopify): Row[] {
  const all: (Row | null)[] = [
    { label: 'App', value: shopify.app_name },
    { label: 'Shop', value: shopify.shop_domain },
    { label: 'Plan', value: plan(shopify) },
    {
      label: 'Status',
      value: <Badge tone={SUBSCRIPTION_TONES[shopify.subscription_status]}>{STATUS_WORDS[shopify.subscription_status]}</Badge>,
    },
    shopify.deactivated_at
      ? { label: 'Store', value: `Closed or paused since ${formatDateTime(shopify.deactivated_at)}` }
      : null,
    { label: 'Installed', value: shopify.installed_at ? formatDateTime(shopify.installed_at) : null },
    { label: 'Uninstalled', value: shopify.uninstalled_at ? formatDateTime(shopify.uninstalled_at) : null },
    { label: 'Uninstall reason', value: shopify.uninstall_reason },
    { label: 'Last synced', value: shopify.last_synced_at ? formatDateTime(shopify.last_synced_at) : null },
    // Present only for users with the revenue permission.
    shopify.mrr
      ? { label: 'MRR', meaning: MRR_MEANING, value: <Figure amount={formatMoney(shopify.mrr)} meaning={MRR_MEANING} /> }
      : null,
    shopify.lifetime_value
      ? {
          label: 'Lifetime value',
          meaning: LIFETIME_VALUE_MEANING,
          value: <Figure amount={formatMoney(shopify.lifetime_value)} meaning={LIFETIME_VALUE_MEANING} />,
        }
      : null,
  ];
  return all.filter((row): row is Row => row !== null && row.value !== null && row.value !== undefined);
}

export function ShopifyFields({ shopify }: { shopify: SidebarShopify }) {
  return (
    <dl className="sidebar-fields sidebar-fields--shopify">
      {rows(shopify).map((row) => (
        <div key={row.label} className="sidebar-fields__row" title={row.meaning}>
          <dt>{row.label}</dt>
          <dd>{row.value}</dd>
        </div>
      ))}
    </dl>
  );
}
