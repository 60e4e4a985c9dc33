//! The contact's own fields, each edited in place and saved alone (PATCH sends only the changed field).
import type { ContactPatch, ContactProfile } from '@/api/types';
import { useUpdateContact } from '../api/update-contact';
import { InlineField } from '@/components/fields/inline-field';

type Field = {
  label: string;
  keys: string[];
  value: (contact: ContactProfile) => string | null;
  patch: (value: string | null) => ContactPatch;
  inputType?: 'text' | 'email' | 'tel';
};

const FIELDS: Field[] = [
  { label: 'Name', keys: ['name'], value: (c) => c.name, patch: (name) => ({ name }) },
  { label: 'Email', keys: ['email'], value: (c) => c.email, patch: (email) => ({ email }), inputType: 'email' },
  { label: 'Phone', keys: ['phone'], value: (c) => c.phone, patch: (phone) => ({ phone }), inputType: 'tel' },
  { label: 'Company', keys: ['company'], value: (c) => c.company, patch: (company) => ({ company }) },
  {
    label: 'City',
    keys: ['location.city', 'city', 'location'],
    value: (c) => c.location.city,
    patch: (city) => ({ location: { city } }),
  },
  {
    label: 'Region',
    keys: ['location.region', 'region', 'location'],
    value: (c) => c.location.region,
    patch: (region) => ({ location: { region } }),
  },
  {
    label: 'Country',
    keys: ['location.country', 'country', 'location'],
    value: (c) => c.location.country,
    patch: (country) => ({ location: { country } }),
  },
  { label: 'External ID', keys: ['external_id'], value: (c) => c.external_id, patch: (external_id) => ({ external_id }) },
];

export function ProfileFields({ contact }: { contact: ContactProfile }) {
  const update = useUpdateContact(contact.id);
  return (
    <dl className="profile-fields">
      {FIELDS.map((field) => (
        <InlineField
          key={field.label}
          label={field.label}
          value={field.value(contact)}
          fieldKeys={field.keys}
          inputType={field.inputType}
          onSave={(next) => update.mutateAsync(field.patch(next === '' ? null : next))}
        />
      ))}
      <div className="inline-field">
        <dt className="inline-field__label">Time zone</dt>
        <dd className="inline-field__value">{contact.time_zone ?? <span className="muted">—</span>}</dd>
      </div>
      {contact.shopify_domain ? (
        <div className="inline-field">
          <dt className="inline-field__label">Shopify store</dt>
          <dd className="inline-field__value">{contact.shopify_domain}</dd>
        </div>
      ) : null}
    </dl>
  );
}
