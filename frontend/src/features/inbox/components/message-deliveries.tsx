//! Where the CC copies of a reply stand: "CC: boss@x.com ✓ sent", "queued…", "failed: <error>".
import type { Delivery } from '@/api/types';
import { formatDateTime } from '@/lib/format';

function deliveryState(delivery: Delivery): string {
  if (delivery.status === 'sent') return '✓ sent';
  if (delivery.status === 'failed') return `failed: ${delivery.error ?? 'unknown error'}`;
  return delivery.attempts > 0 ? `queued… (retrying: ${delivery.error ?? `attempt ${delivery.attempts}`})` : 'queued…';
}

export function MessageDeliveries({ deliveries }: { deliveries: readonly Delivery[] }) {
  if (deliveries.length === 0) return null;
  return (
    <ul className="deliveries" aria-label="CC deliveries">
      {deliveries.map((delivery) => (
        <li
          key={delivery.email}
          className={`deliveries__item deliveries__item--${delivery.status}`}
          title={delivery.sent_at ? `Sent ${formatDateTime(delivery.sent_at)}` : undefined}
        >
          CC: <span className="deliveries__email">{delivery.email}</span> {deliveryState(delivery)}
        </li>
      ))}
    </ul>
  );
}
