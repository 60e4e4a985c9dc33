//! A merchant's app in words, for the sidebar's Shopify row, its chart and the other apps the shop uses.
import type { ContactMerchant } from '@/api/types';

/** The app in words: its Convot name, else the Partner app id it is not mapped from yet. */
export function merchantAppName(merchant: Pick<ContactMerchant, 'app_name' | 'partner_app_id'>): string {
  return merchant.app_name ?? `Partner app ${merchant.partner_app_id}`;
}
