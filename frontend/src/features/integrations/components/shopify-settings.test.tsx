//! The Shopify settings page through the real route table: owners only, not connected, errors in
//! plain words, the Partner API version and Shopify's warning about it, inline 422 fields, and the
//! token never sent back to the page.
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { demoApps, demoMe, shopifyIntegration as integration } from '@/testing/fixtures';
import { apiError, mockApi } from '@/testing/mock-fetch';
import { renderApp } from '@/testing/render-app';

const PATH = '/settings/integrations/shopify';
const apps = { body: { items: demoApps, next_cursor: null } };
const UNSUPPORTED_WARNING =
  'API version 2025-10 is still served but no longer supported and will be retired soon; ' +
  'set CONVOT_SHOPIFY_PARTNER_API_VERSION to one of: 2026-01, 2026-04, 2026-07, 2026-10';

describe('Shopify settings', () => {
  it('names the mappings from the apps the inbox already loaded: one GET /apps for both', async () => {
    const { requests } = mockApi({
      'GET /api/v1/me': { body: demoMe },
      'GET /api/v1/apps': apps,
      'GET /api/v1/conversations': { body: { items: [], next_cursor: null } },
      'GET /api/v1/integrations/shopify': { body: integration() },
    });
    const { user } = renderApp('/');
    const picker = await screen.findByRole('navigation', { name: 'Apps' });
    await within(picker).findByRole('button', { name: 'Product Reviews' });

    await user.click(screen.getByRole('link', { name: 'Integrations' }));
    const mappings = await screen.findByRole('list', { name: 'App mappings' });
    expect(within(mappings).getAllByRole('listitem').map((item) => item.textContent)).toEqual([
      'Partner app 1001 → Product Reviews',
      'Partner app 1002 → Upsell Pro',
    ]);
    expect(requests.filter((request) => request.url.pathname === '/api/v1/apps')).toHaveLength(1);
  });

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

  it('shows the Partner API version, and no warning while Shopify supports it', async () => {
    mockApi({
      'GET /api/v1/me': { body: demoMe },
      'GET /api/v1/apps': apps,
      'GET /api/v1/integrations/shopify': { body: integration() },
    });
    renderApp(PATH);
    const version = await screen.findByText('Partner API version');
    expect(version.nextElementSibling).toHaveTextContent('2026-10');
    expect(screen.queryByText(/Partner API version warning/)).not.toBeInTheDocument();
  });

  it('warns, in Shopify’s words, when the version in use is on its way out', async () => {
    mockApi({
      'GET /api/v1/me': { body: demoMe },
      'GET /api/v1/apps': apps,
      'GET /api/v1/integrations/shopify': { body: integration({ api_version: '2025-10', api_version_warning: UNSUPPORTED_WARNING }) },
    });
    renderApp(PATH);
    // Announced as a status, in words: the spinner's status is gone once the connection shows.
    await screen.findByText('Partner API version');
    const warning = screen.getByRole('status');
    expect(warning).toHaveTextContent(`Partner API version warning: ${UNSUPPORTED_WARNING}`);
    expect(screen.getByText('Partner API version').nextElementSibling).toHaveTextContent('2025-10');
  });

  it('says what to change when the sync stopped on a retired API version', async () => {
    mockApi({
      'GET /api/v1/me': { body: demoMe },
      'GET /api/v1/apps': apps,
      'GET /api/v1/integrations/shopify': {
        body: integration({
          status: 'error',
          api_version: '2025-01',
          api_version_warning: 'API version 2025-01 is no longer supported; supported: 2026-01, 2026-04',
          last_error: 'retries_exhausted: 12 syncs failed in a row; last: API version 2025-01 is no longer supported; supported: 2026-01, 2026-04',
          consecutive_failures: 12,
          retries_exhausted: true,
        }),
      },
    });
    renderApp(PATH);
    expect(
      await screen.findByText(
        'Sync stopped after 12 failed attempts. The last one: Shopify no longer serves Partner API version 2025-01, so syncs fail. ' +
          'Set CONVOT_SHOPIFY_PARTNER_API_VERSION to a supported version (2026-01, 2026-04) and restart Convot. ' +
          'Once that is fixed, press Sync now.',
      ),
    ).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent('API version 2025-01 is no longer supported; supported: 2026-01, 2026-04');
  });

  it('shows Shopify’s answer about the organization id under that field', async () => {
    const message = 'no such Partner organization: 111111 (the Partner API answered 404; check the organization id)';
    mockApi({
      'GET /api/v1/me': { body: demoMe },
      'GET /api/v1/apps': apps,
      'GET /api/v1/integrations/shopify': apiError(404, 'not_found', 'Not found'),
      'PUT /api/v1/integrations/shopify': {
        status: 422,
        body: { error: { code: 'validation_failed', message: 'Invalid', details: { fields: { partner_organization_id: message } } } },
      },
    });
    const { user } = renderApp(PATH);
    await user.type(await screen.findByLabelText('Partner organization id'), '111111');
    await user.type(screen.getByLabelText('Partner API token'), 'prtapi_wrong_organization');
    await user.type(screen.getByLabelText('Partner app id 1'), '1001');
    await user.selectOptions(screen.getByLabelText('Convot app 1'), 'Product Reviews');
    await user.click(screen.getByRole('button', { name: 'Connect' }));

    const organization = screen.getByLabelText('Partner organization id');
    expect(await screen.findByText(message)).toHaveAttribute('id', organization.getAttribute('aria-describedby'));
    expect(organization).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText('Partner API token')).not.toHaveAttribute('aria-invalid');
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('still says what a 422 without fields for this form is about', async () => {
    mockApi({
      'GET /api/v1/me': { body: demoMe },
      'GET /api/v1/apps': apps,
      'GET /api/v1/integrations/shopify': apiError(404, 'not_found', 'Not found'),
      'PUT /api/v1/integrations/shopify': apiError(422, 'validation_failed', 'The request could not be read'),
    });
    const { user } = renderApp(PATH);
    await user.type(await screen.findByLabelText('Partner organization id'), '1234567');
    await user.click(screen.getByRole('button', { name: 'Connect' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('The request could not be read');
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
