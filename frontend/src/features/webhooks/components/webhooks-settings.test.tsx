//! The webhooks settings through the real route table: owners and admins only (agents are told so
//! without asking the API), the app picker, endpoints with their state and why Convot stopped,
//! adding (422 inline, the secret shown once), editing, deleting, the secret revealed and rotated.
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { demoApps, demoMe, webhookEndpoint } from '@/testing/fixtures';
import { apiError, mockApi } from '@/testing/mock-fetch';
import { renderApp } from '@/testing/render-app';

const PATH = '/settings/webhooks/1';
const LIST = 'GET /api/v1/apps/1/webhooks';
const apps = { body: { items: demoApps, next_cursor: null } };
const asRole = (role: 'owner' | 'admin' | 'agent') => ({ body: { ...demoMe, user: { ...demoMe.user, role } } });
const list = (...items: ReturnType<typeof webhookEndpoint>[]) => ({ body: { items, next_cursor: null } });

describe('Webhooks settings', () => {
  it('is reached from the top bar and opens on the first app, with a picker for the others', async () => {
    const { requests } = mockApi({
      'GET /api/v1/me': asRole('admin'),
      'GET /api/v1/apps': apps,
      'GET /api/v1/conversations': { body: { items: [], next_cursor: null } },
      [LIST]: list(webhookEndpoint()),
      'GET /api/v1/apps/2/webhooks': list(),
    });
    const { user, router } = renderApp('/');
    await user.click(await screen.findByRole('link', { name: 'Webhooks' }));

    const endpoint = await screen.findByRole('region', { name: 'https://hooks.example.com/convot' });
    expect(router.state.location.pathname).toBe(PATH);
    expect(within(endpoint).getByText('Enabled')).toHaveClass('status-badge--positive');
    expect(within(endpoint).getByText('CRM sync')).toBeInTheDocument();
    const topics = within(within(endpoint).getByRole('list', { name: 'Topics' })).getAllByRole('listitem');
    expect(topics.map((topic) => topic.textContent)).toEqual(['contact.created', 'message.received']);

    const picker = screen.getByRole('navigation', { name: 'Apps' });
    expect(within(picker).getByRole('link', { name: 'Product Reviews' })).toHaveAttribute('aria-current', 'page');
    await user.click(within(picker).getByRole('link', { name: 'Upsell Pro' }));
    expect(await screen.findByText('No endpoints yet.')).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/settings/webhooks/2');
    expect(requests.filter((request) => request.url.pathname === '/api/v1/apps')).toHaveLength(1);
  });

  it('tells agents that owners and admins manage webhooks, without asking the API', async () => {
    const { requests } = mockApi({ 'GET /api/v1/me': asRole('agent') });
    renderApp(PATH);
    expect(await screen.findByText(/Only owners and admins manage webhooks\./)).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Webhooks' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Add endpoint' })).not.toBeInTheDocument();
    expect(requests.some((request) => request.url.pathname.includes('/webhooks'))).toBe(false);
  });

  it('reads a 403 that still comes (a role changed meanwhile) as the same message, not a broken page', async () => {
    mockApi({
      'GET /api/v1/me': asRole('owner'),
      'GET /api/v1/apps': apps,
      [LIST]: apiError(403, 'forbidden', 'Agents may not do this'),
    });
    renderApp(PATH);
    expect(await screen.findByText(/Only owners and admins manage webhooks\./)).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('shows owners why Convot stopped sending, and turns the endpoint back on', async () => {
    const disabled = webhookEndpoint({
      enabled: false,
      disabled_reason: 'The endpoint answered 410 Gone, which asks never to be sent to again.',
    });
    const { requests } = mockApi({
      'GET /api/v1/me': asRole('owner'),
      'GET /api/v1/apps': apps,
      [LIST]: list(disabled),
      'PATCH /api/v1/apps/1/webhooks/7': { body: { ...disabled, enabled: true, disabled_reason: null } },
    });
    const { user } = renderApp(PATH);
    const endpoint = await screen.findByRole('region', { name: 'https://hooks.example.com/convot' });
    expect(within(endpoint).getByText('Disabled')).toHaveClass('status-badge--negative');
    expect(within(endpoint).getByRole('status')).toHaveTextContent(
      'Convot stopped sending: The endpoint answered 410 Gone, which asks never to be sent to again. Fix the receiver',
    );
    await user.click(within(endpoint).getByRole('button', { name: 'Turn on' }));
    expect(await within(endpoint).findByText('Enabled')).toBeInTheDocument();
    expect(within(endpoint).queryByText(/Convot stopped sending/)).not.toBeInTheDocument();
    expect(requests.find((request) => request.method === 'PATCH')?.body).toEqual({ enabled: true });
  });

  it('warns while every delivery fails', async () => {
    mockApi({
      'GET /api/v1/me': asRole('owner'),
      'GET /api/v1/apps': apps,
      [LIST]: list(webhookEndpoint({ failing_since: '2026-11-24T10:05:00Z' })),
    });
    renderApp(PATH);
    const endpoint = await screen.findByRole('region', { name: 'https://hooks.example.com/convot' });
    expect(within(endpoint).getByText('Failing')).toHaveClass('status-badge--warning');
    expect(within(endpoint).getByRole('status')).toHaveTextContent('Every delivery has failed since 2 hours ago.');
  });

  it('adds an endpoint: 422 fields inline, then the new endpoint with its secret shown', async () => {
    let attempt = 0;
    const created = webhookEndpoint({ id: 8, url: 'https://receiver.example.com/in', description: '', topics: ['message.received'] });
    const { requests } = mockApi({
      'GET /api/v1/me': asRole('owner'),
      'GET /api/v1/apps': apps,
      [LIST]: () => (attempt < 2 ? list() : list(created)),
      'POST /api/v1/apps/1/webhooks': () => {
        attempt += 1;
        if (attempt === 1) {
          return {
            status: 422,
            body: { error: { code: 'validation_failed', message: 'Invalid', details: { fields: { url: 'must start with https://' } } } },
          };
        }
        return { status: 201, body: { ...created, secret: 'whsec_c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0IQ==' } };
      },
    });
    const { user } = renderApp(PATH);
    await user.click(await screen.findByRole('button', { name: 'Add endpoint' }));
    const form = screen.getByRole('form', { name: 'New endpoint' });
    await user.type(within(form).getByLabelText('Endpoint URL'), 'http://receiver.example.com/in');
    await user.click(within(form).getByRole('checkbox', { name: 'message.received' }));
    await user.click(within(form).getByRole('button', { name: 'Add endpoint' }));

    const url = within(form).getByLabelText('Endpoint URL');
    expect(await within(form).findByText('must start with https://')).toHaveAttribute('id', url.getAttribute('aria-describedby'));
    expect(url).toHaveAttribute('aria-invalid', 'true');

    await user.clear(url);
    await user.type(url, 'https://receiver.example.com/in');
    await user.click(within(form).getByRole('button', { name: 'Add endpoint' }));
    const endpoint = await screen.findByRole('region', { name: 'https://receiver.example.com/in' });
    expect(within(endpoint).getByText('whsec_c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0IQ==')).toBeInTheDocument();
    expect(screen.queryByRole('form', { name: 'New endpoint' })).not.toBeInTheDocument();
    expect(requests.filter((request) => request.method === 'POST').map((request) => request.body)).toEqual([
      { url: 'http://receiver.example.com/in', description: '', topics: ['message.received'], enabled: true },
      { url: 'https://receiver.example.com/in', description: '', topics: ['message.received'], enabled: true },
    ]);
  });

  it('ticks every topic with "All topics", in the order they are listed', async () => {
    const { requests } = mockApi({
      'GET /api/v1/me': asRole('owner'),
      'GET /api/v1/apps': apps,
      [LIST]: list(),
      'POST /api/v1/apps/1/webhooks': apiError(422, 'validation_failed', 'stop here'),
    });
    const { user } = renderApp(PATH);
    await user.click(await screen.findByRole('button', { name: 'Add endpoint' }));
    await user.click(screen.getByRole('checkbox', { name: 'All topics' }));
    await user.click(screen.getByRole('button', { name: 'Add endpoint' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('stop here');
    const body = requests.find((request) => request.method === 'POST')?.body as { topics: string[] };
    expect(body.topics).toHaveLength(13);
    expect(body.topics.slice(0, 2)).toEqual(['contact.created', 'contact.identified']);
  });

  it('edits an endpoint with PATCH and shows the saved settings', async () => {
    const endpoint = webhookEndpoint();
    const { requests } = mockApi({
      'GET /api/v1/me': asRole('owner'),
      'GET /api/v1/apps': apps,
      [LIST]: list(endpoint),
      'PATCH /api/v1/apps/1/webhooks/7': ({ body }) => ({ body: { ...endpoint, ...(body as object) } }),
    });
    const { user } = renderApp(PATH);
    const card = await screen.findByRole('region', { name: 'https://hooks.example.com/convot' });
    await user.click(within(card).getByRole('button', { name: 'Edit' }));
    const form = within(card).getByRole('form', { name: 'Edit endpoint' });
    expect(within(form).getByRole('checkbox', { name: 'contact.created' })).toBeChecked();
    await user.click(within(form).getByRole('checkbox', { name: 'contact.created' }));
    await user.click(within(form).getByRole('checkbox', { name: 'conversation.resolved' }));
    await user.clear(within(form).getByLabelText('Description'));
    await user.type(within(form).getByLabelText('Description'), 'Zapier');
    await user.click(within(form).getByRole('button', { name: 'Save' }));

    expect(await within(card).findByText('Zapier')).toBeInTheDocument();
    expect(requests.find((request) => request.method === 'PATCH')?.body).toEqual({
      url: 'https://hooks.example.com/convot',
      description: 'Zapier',
      topics: ['conversation.resolved', 'message.received'],
      enabled: true,
    });
  });

  it('deletes an endpoint after asking', async () => {
    const { requests } = mockApi({
      'GET /api/v1/me': asRole('owner'),
      'GET /api/v1/apps': apps,
      [LIST]: list(webhookEndpoint()),
      'DELETE /api/v1/apps/1/webhooks/7': { status: 204 },
    });
    const { user } = renderApp(PATH);
    const card = await screen.findByRole('region', { name: 'https://hooks.example.com/convot' });
    await user.click(within(card).getByRole('button', { name: 'Delete' }));
    const confirm = within(card).getByRole('group', { name: 'Confirm delete' });
    expect(requests.some((request) => request.method === 'DELETE')).toBe(false);
    await user.click(within(confirm).getByRole('button', { name: 'Yes, delete' }));
    expect(await screen.findByText('No endpoints yet.')).toBeInTheDocument();
    expect(requests.filter((request) => request.method === 'DELETE')).toHaveLength(1);
  });

  it('reveals the secret on request, hides it again, and rotates it after asking', async () => {
    const { requests } = mockApi({
      'GET /api/v1/me': asRole('owner'),
      'GET /api/v1/apps': apps,
      [LIST]: list(webhookEndpoint()),
      'GET /api/v1/apps/1/webhooks/7/secret': { body: { secret: 'whsec_b2xkLW9sZA==', previous_secret: null, previous_secret_expires_at: null } },
      'POST /api/v1/apps/1/webhooks/7/secret': {
        body: { secret: 'whsec_bmV3LW5ldw==', previous_secret: 'whsec_b2xkLW9sZA==', previous_secret_expires_at: '2026-11-25T12:05:00Z' },
      },
    });
    const { user } = renderApp(PATH);
    const card = await screen.findByRole('region', { name: 'https://hooks.example.com/convot' });
    const secret = within(card).getByRole('group', { name: 'Signing secret' });
    expect(within(secret).queryByText(/^whsec_/)).not.toBeInTheDocument();
    expect(requests.some((request) => request.url.pathname.endsWith('/secret'))).toBe(false);

    await user.click(within(secret).getByRole('button', { name: 'Reveal secret' }));
    expect(await within(secret).findByText('whsec_b2xkLW9sZA==')).toBeInTheDocument();
    await user.click(within(secret).getByRole('button', { name: 'Hide secret' }));
    expect(within(secret).queryByText('whsec_b2xkLW9sZA==')).not.toBeInTheDocument();

    await user.click(within(secret).getByRole('button', { name: 'Rotate secret' }));
    await user.click(within(secret).getByRole('button', { name: 'Yes, rotate' }));
    expect(await within(secret).findByText('whsec_bmV3LW5ldw==')).toBeInTheDocument();
    expect(within(secret).getByText(/Previous secret, still signing beside the new one until/)).toHaveTextContent('whsec_b2xkLW9sZA==');
    expect(requests.filter((request) => request.method === 'POST' && request.url.pathname.endsWith('/secret'))).toHaveLength(1);
  });
});
