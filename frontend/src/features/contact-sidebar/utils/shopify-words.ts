//! A Shopify merchant's state in words an agent reads at a glance.
import type { ContactMerchant, ShopifySubscriptionStatus } from '@/api/types';
import { formatMoney } from './money';
import { merchantAppName } from './shopify-merchants';

export const STATUS_WORDS: Record<ShopifySubscriptionStatus, string> = {
  trialing: 'In trial',
  active: 'Active',
  // Shopify freezes a charge while the store's own Shopify bill is unpaid: it earns nothing meanwhile.
  frozen: 'Frozen: billing on hold',
  churned: 'Churned: no active plan',
};

/** Short marks after the plan for a state that changes what the plan is worth. */
function stateMarks(merchant: ContactMerchant): string[] {
  const marks: string[] = [];
  if (merchant.test_charge) marks.push('test charge');
  if (merchant.uninstalled_at) marks.push('uninstalled');
  else if (merchant.subscription_status === 'frozen') marks.push('frozen');
  else if (merchant.subscription_status === 'churned') marks.push('churned');
  if (merchant.deactivated_at) marks.push('store closed or paused');
  return marks;
}

/**
 * The contact as a merchant of another Partner app, in one sentence: "Also uses Upsell Pro: Growth
 * plan, $49.00/mo". The amount only when the API sent it (the revenue permission) and the
 * app is still installed.
 */
export function alsoUsesText(merchant: ContactMerchant): string {
  const parts = [
    merchant.plan_name ? `${merchant.plan_name} plan` : null,
    ...stateMarks(merchant),
    // An uninstalled shop pays nothing; its old plan's amount would only mislead.
    merchant.mrr && !merchant.uninstalled_at ? `${formatMoney(merchant.mrr)}/mo` : null,
  ].filter((part): part is string => part !== null);
  const app = merchantAppName(merchant);
  const verb = merchant.uninstalled_at ? 'Also used' : 'Also uses';
  return parts.length > 0 ? `${verb} ${app}: ${parts.join(', ')}` : `${verb} ${app}`;
}
