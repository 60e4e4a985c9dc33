//! Contact details: name, email, phone, company, location and external id, each edited in place with
//! the profile's inline editing and validation messages (PATCH sends only the changed field).
import type { ContactPatch, Location, Sidebar } from '@/api/types';
import { InlineField, InlineFieldGroup, type InlinePart } from '@/components/fields/inline-field';
import { useRovingFocus } from '@/hooks/use-roving-focus';
import { useUpdateContact } from '../../api/update-contact';
import type { SectionProps } from './section-props';

function formatLocation({ city, region, country }: Location): string | null {
  const parts = [city, region, country].filter((part): part is string => Boolean(part));
  return parts.length > 0 ? parts.join(', ') : null;
}

type Field = {
  label: string;
  keys: string[];
  value: (sidebar: Sidebar) => string | null;
  patch: (value: string | null) => ContactPatch;
  inputType?: 'text' | 'email' | 'tel';
};

const FIELDS: Field[] = [
  // The stored name, not the header's display name (which falls back to the email).
  { label: 'Name', keys: ['name'], value: (s) => s.details.name, patch: (name) => ({ name }) },
  { label: 'Email', keys: ['email'], value: (s) => s.details.email, patch: (email) => ({ email }), inputType: 'email' },
  { label: 'Phone', keys: ['phone'], value: (s) => s.details.phone, patch: (phone) => ({ phone }), inputType: 'tel' },
  { label: 'Company', keys: ['company'], value: (s) => s.details.company, patch: (company) => ({ company }) },
];
const EXTERNAL_ID: Field = {
  label: 'External ID',
  keys: ['external_id'],
  value: (s) => s.details.external_id,
  patch: (external_id) => ({ external_id }),
};

function locationParts({ city, region, country }: Location): InlinePart[] {
  return [
    { name: 'city', label: 'City', value: city, fieldKeys: ['location.city', 'city', 'location'] },
    { name: 'region', label: 'Region', value: region, fieldKeys: ['location.region', 'region', 'location'] },
    { name: 'country', label: 'Country', value: country, fieldKeys: ['location.country', 'country', 'location'] },
  ];
}

export function DetailsSection({ sidebar }: SectionProps) {
  const update = useUpdateContact(sidebar.contact.id);
  // The fields are one Tab stop: arrows move between their Edit buttons (and the email link).
  const rovingRef = useRovingFocus<HTMLDListElement>({ items: '.inline-field__edit, .inline-field__text a', rows: '.inline-field' });
  const field = ({ label, keys, value, patch, inputType }: Field) => (
    <InlineField
      key={label}
      label={label}
      value={value(sidebar)}
      fieldKeys={keys}
      inputType={inputType}
      renderValue={label === 'Email' ? (email) => <a href={`mailto:${email}`}>{email}</a> : undefined}
      onSave={(next) => update.mutateAsync(patch(next === '' ? null : next))}
    />
  );
  return (
    <dl className="sidebar-fields sidebar-details" ref={rovingRef}>
      {FIELDS.map(field)}
      <InlineFieldGroup
        label="Location"
        parts={locationParts(sidebar.details.location)}
        summary={formatLocation(sidebar.details.location)}
        onSave={(changed) => update.mutateAsync({ location: changed })}
      />
      {field(EXTERNAL_ID)}
    </dl>
  );
}
