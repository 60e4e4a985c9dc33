//! Contact details: email, phone, company, location and external id.
import type { ReactNode } from 'react';
import type { Location } from '@/api/types';
import type { SectionProps } from './section-props';

function formatLocation({ city, region, country }: Location): string | null {
  const parts = [city, region, country].filter((part): part is string => Boolean(part));
  return parts.length > 0 ? parts.join(', ') : null;
}

export function DetailsSection({ sidebar }: SectionProps) {
  const { details } = sidebar;
  const rows: [string, ReactNode][] = [
    ['Email', details.email ? <a key="email" href={`mailto:${details.email}`}>{details.email}</a> : null],
    ['Phone', details.phone],
    ['Company', details.company],
    ['Location', formatLocation(details.location)],
    ['External ID', details.external_id],
  ];
  if (rows.every(([, value]) => value === null)) {
    return <p className="sidebar-empty">No details known yet.</p>;
  }
  return (
    <dl className="sidebar-fields">
      {rows.map(([label, value]) => (
        <div key={label} className="sidebar-fields__row">
          <dt>{label}</dt>
          <dd>{value ?? <span className="muted">—</span>}</dd>
        </div>
      ))}
    </dl>
  );
}
