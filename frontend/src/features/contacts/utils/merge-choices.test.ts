import { describe, expect, it } from 'vitest';
import { contactProfile } from '@/testing/fixtures';
import { chooseFor, differingCustomData, differingFields, externalIdsConflict } from './merge-choices';

const into = contactProfile(1, { name: 'Ana Souza', phone: null, company: 'Brisa' });
const from = contactProfile(2, {
  name: 'Ana C. Souza',
  email: 'ana.souza@example.com',
  phone: '+55 11',
  company: 'Brisa',
  custom_data: [
    {
      app_id: 1,
      app_name: 'Product Reviews',
      items: [{ key: 'plan', value: 'business', source: 'api', verified: true, updated_at: '2026-11-25T08:00:00Z' }],
    },
  ],
});

describe('merge choices', () => {
  it('lists only differing fields, defaulting to the survivor’s non-empty value', () => {
    const rows = differingFields(into, from);
    expect(rows.map((r) => [r.key, r.defaultSide])).toEqual([
      ['name', 'into'],
      ['email', 'into'],
      ['phone', 'from'],
    ]);
  });

  it('defaults a custom-data key to the newer value', () => {
    const rows = differingCustomData(into, from);
    expect(rows).toEqual([
      expect.objectContaining({ key: 'custom_data:1:plan', into: 'pro', from: 'business', defaultSide: 'from' }),
    ]);
  });

  it('sends every row with the pick or the default', () => {
    const rows = differingFields(into, from);
    expect(chooseFor(rows, { name: 'from' })).toEqual({ name: 'from', email: 'into', phone: 'from' });
  });

  it('spots two different external ids', () => {
    expect(externalIdsConflict(into, from)).toBe(false);
    expect(externalIdsConflict(contactProfile(1, { external_id: 'a' }), contactProfile(2, { external_id: 'b' }))).toBe(true);
  });
});
