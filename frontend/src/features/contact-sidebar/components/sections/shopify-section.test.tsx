//! The sidebar's Shopify section: the row, the chart and the other apps are about the merchant the
//! row names, every figure labelled with what it means, and a test charge, an uninstall, a frozen
//! charge and a closed store said in words. Values render as text, never HTML.
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { SidebarShopify } from '@/api/types';
import { TEST_NOW } from '@/testing/clock';
import { contactMerchant, OLIVIA_CONVERSATION_ID, sidebar, sidebarShopify, upsellMerchant } from '@/testing/fixtures';
import { mockApi } from '@/testing/mock-fetch';
import { renderWithProviders } from '@/testing/render-with-providers';
import { ShopifySection, STALE_MESSAGE } from './shopify-section';

/** Everything the section shows comes with the sidebar: the section itself requests nothing. */
function renderSection(shopify: SidebarShopify) {
  const api = mockApi({});
  const view = renderWithProviders(
    <ShopifySection
      sidebar={sidebar({ shopify })}
      conversationId={OLIVIA_CONVERSATION_ID}
      onOpenConversation={() => {}}
      now={new Date(TEST_NOW)}
    />,
  );
  return { ...view, ...api };
}

/** The chart's series: from `at` on, MRR was `amount_minor`. */
const steps = (...pairs: [string, number][]) => pairs.map(([at, amount_minor]) => ({ at, amount_minor }));

/** The value cell of the row labelled `label`. */
function field(label: string): HTMLElement {
  const term = screen.getByText(label, { selector: 'dt' });
  return term.parentElement!.querySelector('dd')!;
}

/** Without the revenue permission the API sends no figure at all. */
function withoutRevenue<T extends { mrr?: unknown; lifetime_value?: unknown; mrr_history?: unknown }>(value: T): T {
  const { mrr: _mrr, lifetime_value: _ltv, mrr_history: _history, ...rest } = value;
  return rest as T;
}

describe('Shopify section', () => {
  it('charts the row’s own merchant, not a sum over the shop’s Partner apps', async () => {
    // Olivia's shop pays $29.99 for Product Reviews and $49.00 for Upsell Pro: never $78.99 anywhere.
    const { container, fetchMock } = renderSection(sidebarShopify());

    const caption = await screen.findByText(/^Product Reviews · MRR now/);
    expect(caption).toHaveTextContent('Product Reviews · MRR now $29.99, highest $29.99 since Jan 28, 2026');
    expect(within(field('MRR')).getByText('$29.99')).toBeInTheDocument();
    expect(field('App')).toHaveTextContent('Product Reviews');
    expect(screen.getByRole('img', { name: 'MRR history of Product Reviews' })).toBeInTheDocument();
    expect(screen.getByText('Also uses Upsell Pro: Growth plan, $49.00/mo')).toBeInTheDocument();
    expect(container).not.toHaveTextContent('$78.99');
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('charts Upsell Pro when the conversation is in Upsell Pro', async () => {
    renderSection(
      sidebarShopify({
        app_name: 'Upsell Pro',
        partner_app_id: '1002',
        plan_name: 'Growth',
        mrr: { amount_minor: 4900, currency: 'USD' },
        mrr_history: upsellMerchant().mrr_history,
        other_merchants: [contactMerchant()],
      }),
    );

    expect(await screen.findByText(/^Upsell Pro · MRR now \$49\.00, highest \$49\.00 since/)).toBeInTheDocument();
    expect(within(field('MRR')).getByText('$49.00')).toBeInTheDocument();
    expect(screen.getByText('Also uses Product Reviews: Pro plan, $29.99/mo')).toBeInTheDocument();
  });

  it('labels MRR as what the merchant pays and lifetime value as the net earned', async () => {
    renderSection(sidebarShopify());
    await screen.findByText(/^Product Reviews · MRR now/);

    expect(within(field('MRR')).getByText('$29.99')).toBeInTheDocument();
    expect(within(field('MRR')).getByText('What the merchant pays per 30 days')).toBeInTheDocument();
    expect(within(field('Lifetime value')).getByText('$135.90')).toBeInTheDocument();
    expect(within(field('Lifetime value')).getByText('Net earned from this shop')).toBeInTheDocument();
    expect(screen.getByText('MRR', { selector: 'dt' }).parentElement).toHaveAttribute('title', 'What the merchant pays per 30 days');
  });

  it('plots an annual plan at its 30-day equivalent, never at the yearly sale', async () => {
    const { container } = renderSection(
      sidebarShopify({
        shop_domain: 'lotus-leaf-teas.myshopify.com',
        plan_name: 'Business',
        mrr: { amount_minor: 7389, currency: 'USD' },
        mrr_history: steps(['2025-10-20T12:05:00Z', 0], ['2025-10-20T12:05:01Z', 7389]),
        other_merchants: [],
      }),
    );

    expect(await screen.findByText(/^Product Reviews · MRR now \$73\.89, highest \$73\.89 since/)).toBeInTheDocument();
    expect(container).not.toHaveTextContent('$899.00');
  });

  it('shows a test charge as a test that earns nothing', async () => {
    const figures = { mrr: { amount_minor: 0, currency: 'USD' }, lifetime_value: { amount_minor: 0, currency: 'USD' } };
    renderSection(
      sidebarShopify({
        shop_domain: 'sunbird-beauty.myshopify.com',
        test_charge: true,
        ...figures,
        mrr_history: steps(['2026-11-19T12:05:00Z', 0]),
        other_merchants: [],
      }),
    );
    expect(await screen.findByText(/^Product Reviews · MRR now \$0\.00/)).toBeInTheDocument();

    const plan = field('Plan');
    expect(plan).toHaveTextContent('Pro');
    const mark = within(plan).getByText('Test charge');
    expect(mark).toHaveAttribute('title', 'A development store’s test charge: it earns nothing');
    expect(within(plan).getByText('Development store: earns nothing')).toBeInTheDocument();
  });

  it('shows an uninstall with its date and reason, and a churned plan in words', async () => {
    const gone = {
      shop_domain: 'atelier-lune.myshopify.com',
      plan_name: 'Starter',
      subscription_status: 'churned' as const,
      uninstalled_at: '2026-11-21T12:05:00Z',
      uninstall_reason: 'Switched to another reviews app',
      mrr: { amount_minor: 0, currency: 'USD' },
    };
    renderSection(
      sidebarShopify({
        ...gone,
        mrr_history: steps(['2026-08-26T12:05:01Z', 999], ['2026-11-21T12:05:03Z', 0]),
        other_merchants: [],
      }),
    );

    expect(await screen.findByText(/^Product Reviews · MRR now \$0\.00, highest \$9\.99 since Aug 26, 2026/)).toBeInTheDocument();

    expect(field('Uninstalled')).toHaveTextContent(/^Nov 21, 2026/);
    expect(field('Uninstall reason')).toHaveTextContent('Switched to another reviews app');
    expect(field('Status')).toHaveTextContent('Churned: no active plan');
  });

  it('says a frozen charge and a closed store in words', async () => {
    renderSection(sidebarShopify({ subscription_status: 'frozen', deactivated_at: '2026-11-04T12:05:00Z' }));

    expect(await screen.findByText(/^Closed or paused since Nov 4, 2026/)).toBeInTheDocument();
    expect(field('Status')).toHaveTextContent('Frozen: billing on hold');
  });

  it('shows no figure, no chart and no amount of another app without the revenue permission', async () => {
    const { container } = renderSection(withoutRevenue(sidebarShopify({ other_merchants: [withoutRevenue(upsellMerchant())] })));

    expect(await screen.findByText('Also uses Upsell Pro: Growth plan')).toBeInTheDocument();
    expect(screen.queryByRole('img')).not.toBeInTheDocument();
    expect(container).not.toHaveTextContent(/MRR|Lifetime value|\$/);
    expect(field('Plan')).toHaveTextContent('Pro');
  });

  it('renders Shopify’s words as text, never as HTML, and says when figures may be stale', async () => {
    const payload = '<img src=x onerror=alert(1)>';
    const { container } = renderSection(
      sidebarShopify({
        plan_name: payload,
        uninstall_reason: payload,
        uninstalled_at: TEST_NOW,
        stale: true,
        other_merchants: [upsellMerchant({ plan_name: payload })],
      }),
    );

    expect(await screen.findByText(`Also uses Upsell Pro: ${payload} plan, $49.00/mo`)).toBeInTheDocument();
    expect(field('Plan')).toHaveTextContent(payload);
    expect(field('Uninstall reason')).toHaveTextContent(payload);
    expect(container.querySelector('img')).toBeNull();
    expect(screen.getByRole('status')).toHaveTextContent(STALE_MESSAGE);
  });
});
