//! The Shopify settings page through the real route table: owners only, not connected, errors in
//! plain words, inline 422 fields, and the token never sent back to the page.
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ShopifyIntegration } from '@/api/types';
import { demoApps, demoMe } from '@/testing/fixtures';
import { apiError, mockApi } from '@/testing/mock-fetch';
import { renderApp } from '@/testing/render-app';

const PATH = '/settings/integrations/shopify';
const apps = { body: { items: demoApps, next_cursor: null } };

function integration(overrides: Partial<ShopifyIntegration> = {}): ShopifyIntegration {
  return {
    partner_organization_id: '1234567',
    status: 'connected',
    last_error: null,
    last_synced_at: '2026-11-24T12:00:00Z', // five minutes before TEST_NOW
    consecutive_failures: 0,
    retries_exhausted: false,
    apps: [
      { partner_app_id: '1001', app_id: 1 },
      { partner_app_id: '1002', app_id: 2 },
    ],
    ...overrides,
  };
}

describe('Shopify settings', () => {
  it('shows the connection, its mappings by app name and the stopped schedule in plain words', async () => {
    mockApi({
      'GET /api/v1/me': { body: demoMe },
      'GET /api/v1/apps': apps,
      'GET /api/v1/integrations/shopify': {
        body: integration({ status: 'error', last_error: 'retries_exhausted: HTTP 401', consecutive_failures: 12, retries_exhausted: true }),
      },
    });
    renderApp(PATH);
    expect(await screen.findByText('Error', { selector: '.integration-badge' })).toBeInTheDocument();
    expect(screen.getByText('Sync stopped after 12 failed attempts. Check the token and press Sync now.')).toBeInTheDocument();
    expect(screen.getByText('12')).toBeInTheDocument();
    expect(screen.getByText('5 minutes ago')).toBeInTheDocument();
    const mappings = within(screen.getByRole('list', { name: 'App mappings' })).getAllByRole('listitem');
    expect(mappings.map((item) => item.textContent)).toEqual(['Partner app 1001 → Product Reviews', 'Partner app 1002 → Upsell Pro']);
  });

  it('offers the connect form when not connected and shows 422 fields inline', async () => {
    const { requests } = mockApi({
      'GET /api/v1/me': { body: demoMe },
      'GET /api/v1/apps': apps,
      'GET /api/v1/integrations/shopify': apiError(404, 'not_found', 'Not found'),
      'PUT /api/v1/integrations/shopify': {
        status: 422,
        body: {
          error: {
            code: 'validation_failed',
            message: 'Invalid',
            details: { fields: { access_token: 'must be a Partner API token (prtapi_…)', 'apps.0.partner_app_id': 'must be a Partner app id' } },
          },
        },
      },
    });
    const { user } = renderApp(PATH);
    expect(await screen.findByText('Not connected')).toBeInTheDocument();
    await user.type(screen.getByLabelText('Partner organization id'), '1234567');
    await user.type(screen.getByLabelText('Partner API token'), 'secret');
    await user.type(screen.getByLabelText('Partner app id 1'), '77');
    await user.selectOptions(screen.getByLabelText('Convot app 1'), 'Upsell Pro');
    await user.click(screen.getByRole('button', { name: 'Connect' }));

    expect(await screen.findByText('must be a Partner API token (prtapi_…)')).toBeInTheDocument();
    expect(screen.getByLabelText('Partner API token')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByText('must be a Partner app id')).toBeInTheDocument();
    expect(screen.getByLabelText('Partner app id 1')).toHaveAttribute('aria-invalid', 'true');
    const put = requests.find((request) => request.method === 'PUT');
    expect(put?.body).toEqual({ partner_organization_id: '1234567', access_token: 'secret', apps: [{ partner_app_id: '77', app_id: 2 }] });
  });

  it('tells non-owners that only owners manage integrations, without asking the API', async () => {
    const { requests } = mockApi({ 'GET /api/v1/me': { body: { ...demoMe, user: { ...demoMe.user, role: 'agent' } } } });
    renderApp(PATH);
    expect(await screen.findByText('Only owners manage integrations.')).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Integrations' })).not.toBeInTheDocument();
    expect(requests.some((request) => request.url.pathname.includes('/integrations/'))).toBe(false);
  });
});
