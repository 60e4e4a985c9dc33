//! Shopify: the contact as a merchant of the conversation's app (present only once the integration
//! links one), that merchant's MRR history for users who may see revenue, and the other apps the
//! shop uses, in words. Every figure is that one merchant's: nothing is summed across apps. All of
//! it comes with the sidebar response, so opening a conversation is one request.
import type { ContactMerchant, SidebarShopify } from '@/api/types';
import { mrrSeries } from '../../utils/mrr-series';
import { merchantAppName } from '../../utils/shopify-merchants';
import { alsoUsesText } from '../../utils/shopify-words';
import { MrrChart } from '../mrr-chart';
import { ShopifyFields } from '../shopify-fields';
import type { SectionProps } from './section-props';

export const STALE_MESSAGE = 'Last sync failed; figures may be out of date';

/** The chart only for users with the revenue permission: without it the sidebar carries no `mrr_history`. */
function MrrHistory({ shopify, now }: { shopify: SidebarShopify; now: Date }) {
  if (!shopify.mrr_history) return null;
  const currency = shopify.mrr?.currency ?? 'USD';
  return <MrrChart series={mrrSeries(shopify.mrr_history, currency)} appName={merchantAppName(shopify)} now={now} />;
}

function OtherApps({ merchants }: { merchants: readonly ContactMerchant[] }) {
  if (merchants.length === 0) return null;
  return (
    <ul className="shopify-other-apps" aria-label="Other apps this shop uses">
      {merchants.map((merchant) => (
        <li key={`${merchant.partner_app_id}-${merchant.shop_domain}`} className="sidebar-caption">
          {alsoUsesText(merchant)}
        </li>
      ))}
    </ul>
  );
}

function MerchantDetails({ shopify, now }: { shopify: SidebarShopify; now: Date }) {
  return (
    <>
      <ShopifyFields shopify={shopify} />
      <MrrHistory shopify={shopify} now={now} />
      <OtherApps merchants={shopify.other_merchants} />
    </>
  );
}

export function ShopifySection({ sidebar, now }: SectionProps) {
  const shopify = sidebar.shopify;
  const stale = shopify?.stale === true;
  return (
    <>
      {stale ? (
        <p className="sidebar-stale" role="status">
          {STALE_MESSAGE}
        </p>
      ) : null}
      {shopify ? (
        <MerchantDetails shopify={shopify} now={now} />
      ) : (
        <p className="sidebar-empty">No Shopify details.</p>
      )}
    </>
  );
}
