//! "Send test" and the delivery log: "Test sent" once queued, each message with its coloured
//! status, attempts, status code, duration and next retry, "Retry now", and polling only while due.
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { demoApps, demoMe, webhookDelivery, webhookEndpoint } from '@/testing/fixtures';
import { mockApi } from '@/testing/mock-fetch';
import { renderApp } from '@/testing/render-app';
import { DUE_POLL_MS, LATER_POLL_MS, pollInterval } from '../api/get-webhook-deliveries';

const PATH = '/settings/webhooks/1';
const DELIVERIES = 'GET /api/v1/apps/1/webhooks/7/deliveries';
const base = {
  'GET /api/v1/me': { body: demoMe },
  'GET /api/v1/apps': { body: { items: demoApps, next_cursor: null } },
  'GET /api/v1/apps/1/webhooks': { body: { items: [webhookEndpoint()], next_cursor: null } },
};
const page = (...items: ReturnType<typeof webhookDelivery>[]) => ({ body: { items, next_cursor: null } });

describe('Webhook delivery log', () => {
  it('says "Test sent" once the test is queued and opens the log, where it shows up succeeded', async () => {
    let sent = false;
    const { requests } = mockApi({
      ...base,
      'POST /api/v1/apps/1/webhooks/7/test': () => {
        sent = true;
        return { status: 202, body: webhookDelivery({ status: 'pending', attempt_count: 0, attempts: [], last_status_code: null }) };
      },
      [DELIVERIES]: () => (sent ? page(webhookDelivery()) : page()),
    });
    const { user } = renderApp(PATH);
    const card = await screen.findByRole('region', { name: 'https://hooks.example.com/convot' });
    expect(within(card).queryByRole('region', { name: 'Delivery log' })).not.toBeInTheDocument();
    await user.click(within(card).getByRole('button', { name: 'Send test' }));

    expect(await within(card).findByText('Test sent')).toBeInTheDocument();
    const log = within(card).getByRole('region', { name: 'Delivery log' });
    const delivery = await within(log).findByRole('listitem', { name: 'message.received msg_2p5TNTmSvLDhSMoTbEgYsvqcTQj' });
    expect(within(delivery).getByText('Succeeded')).toHaveClass('status-badge--positive');
    const attempts = within(delivery).getByRole('table', { name: 'Attempts' });
    expect(within(attempts).getAllByRole('row')[1]?.textContent).toBe('15 minutes ago20042 msok');
    expect(requests.filter((request) => request.method === 'POST').map((request) => request.url.pathname)).toEqual([
      '/api/v1/apps/1/webhooks/7/test',
    ]);
  });

  it('shows each message’s attempts, last status code, duration, error and next retry, with status colours', async () => {
    const retrying = webhookDelivery({
      id: 33,
      message_id: 'msg_retrying',
      type: 'contact.created',
      status: 'pending',
      attempt_count: 2,
      last_status_code: 503,
      last_error: 'HTTP 503 Service Unavailable',
      next_attempt_at: '2026-11-24T12:35:00Z',
      finished_at: null,
      attempts: [
        { id: 95, attempted_at: '2026-11-24T11:05:00Z', status_code: null, duration_ms: 10_000, error: 'timed out after 10 s', response_body: null },
        { id: 96, attempted_at: '2026-11-24T12:00:00Z', status_code: 503, duration_ms: 87, error: null, response_body: 'try later' },
      ],
    });
    const failed = webhookDelivery({ id: 32, message_id: 'msg_failed', status: 'failed', attempt_count: 1, last_status_code: 500, attempts: [] });
    mockApi({ ...base, [DELIVERIES]: page(retrying, failed, webhookDelivery()) });
    const { user } = renderApp(PATH);
    const card = await screen.findByRole('region', { name: 'https://hooks.example.com/convot' });
    await user.click(within(card).getByRole('button', { name: 'Show delivery log' }));

    const list = await within(card).findByRole('list', { name: 'Deliveries' });
    const [first, second, third] = within(list).getAllByRole('listitem');
    expect(within(first!).getByText('Retrying')).toHaveClass('status-badge--warning');
    expect(within(first!).getByText('Attempts', { selector: 'dt' }).nextElementSibling).toHaveTextContent('2');
    expect(within(first!).getByText('Status code', { selector: 'dt' }).nextElementSibling).toHaveTextContent('503');
    expect(within(first!).getByText('Next retry', { selector: 'dt' }).nextElementSibling).toHaveTextContent('in 30 minutes');
    expect(within(first!).getByText('HTTP 503 Service Unavailable')).toBeInTheDocument();
    const rows = within(within(first!).getByRole('table', { name: 'Attempts' })).getAllByRole('row').slice(1);
    expect(rows.map((row) => row.textContent)).toEqual([
      '11 hour agoNo answer10000 mstimed out after 10 s',
      '25 minutes ago50387 mstry later',
    ]);
    expect(within(rows[0]!).getByText('No answer')).toHaveClass('status-badge--negative');
    expect(within(second!).getByText('Failed')).toHaveClass('status-badge--negative');
    expect(within(second!).getByText('Next retry', { selector: 'dt' }).nextElementSibling).toHaveTextContent('—');
    expect(within(third!).getByText('Succeeded')).toHaveClass('status-badge--positive');
    expect(within(third!).getByText('Status code', { selector: 'dt' }).nextElementSibling?.firstElementChild).toHaveClass('status-badge--positive');
  });

  it('retries one message with "Retry now" and fetches the log again', async () => {
    let retried = false;
    const failed = webhookDelivery({ status: 'failed', last_status_code: 500 });
    const { requests } = mockApi({
      ...base,
      [DELIVERIES]: () => page(retried ? webhookDelivery() : failed),
      'POST /api/v1/apps/1/webhooks/7/deliveries/31/retry': () => {
        retried = true;
        return { status: 202, body: { ...failed, status: 'pending', attempts: [] } };
      },
    });
    const { user } = renderApp(PATH);
    const card = await screen.findByRole('region', { name: 'https://hooks.example.com/convot' });
    await user.click(within(card).getByRole('button', { name: 'Show delivery log' }));
    const delivery = await within(card).findByRole('listitem', { name: /msg_2p5TNTmSvLDhSMoTbEgYsvqcTQj/ });
    expect(within(delivery).getByText('Failed')).toBeInTheDocument();
    await user.click(within(delivery).getByRole('button', { name: 'Retry now' }));
    expect(await within(delivery).findByText('Succeeded')).toBeInTheDocument();
    expect(requests.filter((request) => request.method === 'POST')).toHaveLength(1);
  });

  it('loads older deliveries by cursor', async () => {
    const { requests } = mockApi({
      ...base,
      [DELIVERIES]: ({ url }) =>
        url.searchParams.get('cursor') === 'older'
          ? page(webhookDelivery({ id: 5, message_id: 'msg_old' }))
          : { body: { items: [webhookDelivery()], next_cursor: 'older' } },
    });
    const { user } = renderApp(PATH);
    const card = await screen.findByRole('region', { name: 'https://hooks.example.com/convot' });
    await user.click(within(card).getByRole('button', { name: 'Show delivery log' }));
    await user.click(await within(card).findByRole('button', { name: 'Older deliveries' }));
    expect(await within(card).findByRole('listitem', { name: 'message.received msg_old' })).toBeInTheDocument();
    expect(within(card).queryByRole('button', { name: 'Older deliveries' })).not.toBeInTheDocument();
    const asked = requests.filter((request) => request.url.pathname.endsWith('/deliveries')).map((request) => request.url.search);
    expect(asked).toEqual(['?limit=20', '?limit=20&cursor=older']);
  });
});

describe('pollInterval', () => {
  const now = Date.parse('2026-11-24T12:05:00Z');
  it('polls often while a message is due, rarely for later retries, and not at all once all are settled', () => {
    expect(pollInterval([webhookDelivery()], now)).toBe(false);
    expect(pollInterval([webhookDelivery({ status: 'pending', next_attempt_at: '2026-11-24T12:05:00Z' })], now)).toBe(DUE_POLL_MS);
    expect(pollInterval([webhookDelivery({ status: 'pending', next_attempt_at: null })], now)).toBe(DUE_POLL_MS);
    expect(pollInterval([webhookDelivery({ status: 'pending', next_attempt_at: '2026-11-24T13:05:00Z' })], now)).toBe(LATER_POLL_MS);
  });
});
