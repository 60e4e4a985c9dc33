//! The delivery state of a reply's CC copies, as the thread shows it.
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { hasQueuedDelivery } from '../api/get-messages';
import { MessageDeliveries } from './message-deliveries';

function page(status: 'queued' | 'sent') {
  return {
  next_cursor: null,
  items: [
    {
      id: 1,
      type: 'outgoing' as const,
      content: 'Hi',
      created_at: '2026-11-24T10:00:00Z',
      author: { kind: 'agent' as const, id: 1, name: 'Dana Demo' },
      deliveries: [{ email: 'boss@x.com', status, attempts: 0, error: null, sent_at: null }],
    },
  ],
};
}

describe('MessageDeliveries', () => {
  it('shows sent, queued and failed copies', () => {
    render(
      <MessageDeliveries
        deliveries={[
          { email: 'boss@x.com', status: 'sent', attempts: 1, error: null, sent_at: '2026-11-24T10:00:00Z' },
          { email: 'ops@x.com', status: 'queued', attempts: 0, error: null, sent_at: null },
          { email: 'gone@x.com', status: 'failed', attempts: 8, error: '550 mailbox unavailable', sent_at: null },
        ]}
      />,
    );
    const items = screen.getAllByRole('listitem').map((item) => item.textContent);
    expect(items).toEqual(['CC: boss@x.com ✓ sent', 'CC: ops@x.com queued…', 'CC: gone@x.com failed: 550 mailbox unavailable']);
  });

  it('says a queued copy is being retried after a failed attempt', () => {
    render(
      <MessageDeliveries deliveries={[{ email: 'ops@x.com', status: 'queued', attempts: 2, error: 'timeout', sent_at: null }]} />,
    );
    expect(screen.getByRole('listitem')).toHaveTextContent('CC: ops@x.com queued… (retrying: timeout)');
  });

  it('renders nothing without deliveries', () => {
    const { container } = render(<MessageDeliveries deliveries={[]} />);
    expect(container).toBeEmptyDOMElement();
  });

  it('polls only while a copy is queued', () => {
    expect(hasQueuedDelivery([page('queued')])).toBe(true);
    expect(hasQueuedDelivery([page('sent')])).toBe(false);
    expect(hasQueuedDelivery(undefined)).toBe(false);
  });
});
