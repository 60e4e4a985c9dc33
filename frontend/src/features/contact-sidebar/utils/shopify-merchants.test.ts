//! A merchant's app, and the shop's other Partner apps, in words.
import { describe, expect, it } from 'vitest';
import { contactMerchant, upsellMerchant } from '@/testing/fixtures';
import { merchantAppName } from './shopify-merchants';
import { alsoUsesText } from './shopify-words';

describe('merchantAppName', () => {
  it('names an app not mapped to a Convot app by its Partner app id', () => {
    expect(merchantAppName(contactMerchant({ app_name: null, partner_app_id: '1003' }))).toBe('Partner app 1003');
  });
});

describe('alsoUsesText', () => {
  it('says the plan and, with the revenue permission, what the merchant pays', () => {
    expect(alsoUsesText(upsellMerchant())).toBe('Also uses Upsell Pro: Growth plan, $49.00/mo');
    expect(alsoUsesText(upsellMerchant({ mrr: undefined }))).toBe('Also uses Upsell Pro: Growth plan');
  });

  it('says a test charge, a frozen charge, a closed store and an uninstall in words', () => {
    expect(alsoUsesText(upsellMerchant({ test_charge: true, mrr: { amount_minor: 0, currency: 'USD' } }))).toBe(
      'Also uses Upsell Pro: Growth plan, test charge, $0.00/mo',
    );
    expect(alsoUsesText(upsellMerchant({ subscription_status: 'frozen', mrr: undefined }))).toBe('Also uses Upsell Pro: Growth plan, frozen');
    expect(alsoUsesText(upsellMerchant({ deactivated_at: '2026-11-04T12:05:00Z', mrr: undefined }))).toBe(
      'Also uses Upsell Pro: Growth plan, store closed or paused',
    );
    expect(alsoUsesText(upsellMerchant({ subscription_status: 'churned', uninstalled_at: '2026-11-21T12:05:00Z' }))).toBe(
      'Also used Upsell Pro: Growth plan, uninstalled',
    );
  });
});
