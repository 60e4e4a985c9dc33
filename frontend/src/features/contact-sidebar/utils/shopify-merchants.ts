//! Which of the contact's merchants (one per Partner app the shop uses) the sidebar's Shopify row
//! shows, so the chart and the row are about the same app, and which others there are.
import type { ContactMerchant, SidebarShopify } from '@/api/types';

export type RowMerchants = {
  /** The merchant the sidebar's row describes; undefined when none matches. */
  row: ContactMerchant | undefined;
  /** The contact's merchants of other Partner apps (never summed into the row's figures). */
  others: ContactMerchant[];
};

/**
 * `GET /contacts/{id}/shopify` has no app parameter: it lists the shop under every Partner app.
 * The sidebar's row names its shop and Partner app, so that pair picks the same merchant.
 */
export function rowMerchants(merchants: readonly ContactMerchant[], shopify: SidebarShopify): RowMerchants {
  const row = merchants.find(
    (merchant) => merchant.shop_domain === shopify.shop_domain && merchant.partner_app_id === shopify.partner_app_id,
  );
  return { row, others: merchants.filter((merchant) => merchant !== row) };
}

/** The app in words: its Convot name, else the Partner app id it is not mapped from yet. */
export function merchantAppName(merchant: Pick<ContactMerchant, 'app_name' | 'partner_app_id'>): string {
  return merchant.app_name ?? `Partner app ${merchant.partner_app_id}`;
}
