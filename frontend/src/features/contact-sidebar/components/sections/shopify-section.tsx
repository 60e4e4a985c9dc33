//! Shopify: the contact as a merchant of the conversation's app (present only once the integration
//! links one), that merchant's MRR history for users who may see revenue, and the other apps the
//! shop uses, in words. Every figure is that one merchant's: nothing is summed across apps.
import type { ContactMerchant, ContactShopify, SidebarShopify } from '@/api/types';
import { useContactShopify } from '../../api/get-contact-shopify';
import { mrrSeries } from '../../utils/mrr-series';
import { merchantAppName, rowMerchants } from '../../utils/shopify-merchants';
import { alsoUsesText } from '../../utils/shopify-words';
import { MrrChart } from '../mrr-chart';
import { ShopifyFields } from '../shopify-fields';
import type { SectionProps } from './section-props';

export const STALE_MESSAGE = 'Last sync failed; figures may be out of date';

/** The chart only for users with the revenue permission: without it no merchant carries `mrr_history`. */
function MrrHistory({ merchant, now }: { merchant: ContactMerchant; now: Date }) {
  if (!merchant.mrr_history) return null;
  const currency = merchant.mrr?.currency ?? 'USD';
  return <MrrChart series={mrrSeries(merchant.mrr_history, currency)} appName={merchantAppName(merchant)} now={now} />;
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

function MerchantDetails({ shopify, data, now }: { shopify: SidebarShopify; data: ContactShopify | undefined; now: Date }) {
  const { row, others } = data ? rowMerchants(data.merchants, shopify) : { row: undefined, others: [] };
  return (
    <>
      <ShopifyFields shopify={shopify} merchant={row} />
      {row ? <MrrHistory merchant={row} now={now} /> : null}
      <OtherApps merchants={others} />
    </>
  );
}

export function ShopifySection({ sidebar, now }: SectionProps) {
  const details = useContactShopify(sidebar.contact.id);
  const shopify = sidebar.shopify;
  const stale = shopify?.stale === true || details.data?.stale === true;
  return (
    <>
      {stale ? (
        <p className="sidebar-stale" role="status">
          {STALE_MESSAGE}
        </p>
      ) : null}
      {shopify ? (
        <MerchantDetails shopify={shopify} data={details.data} now={now} />
      ) : (
        <p className="sidebar-empty">No Shopify details.</p>
      )}
    </>
  );
}
