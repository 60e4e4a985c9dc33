//! Response bodies shaped like the API's, typed by the generated schema.
import type { App, Contact, ContactSummary, LoginResponse, Me } from '@/api/types';

export const demoMe: Me = {
  user: {
    id: 1,
    organization_id: 1,
    email: 'demo@convot.test',
    name: 'Dana Demo',
    role: 'owner',
    has_revenue_permission: true,
  },
  organization: { id: 1, name: 'Acme Apps' },
};

export const demoApps: App[] = [
  {
    id: 1,
    public_key: 'app_reviews',
    name: 'Product Reviews',
    require_identity_verification: false,
    created_at: '2026-11-01T10:00:00Z',
  },
  {
    id: 2,
    public_key: 'app_upsell',
    name: 'Upsell Pro',
    require_identity_verification: true,
    created_at: '2026-11-02T10:00:00Z',
  },
];

export function contactSummary(id: number, name: string, overrides: Partial<ContactSummary> = {}): ContactSummary {
  const initials = name
    .split(' ')
    .map((word) => word.charAt(0))
    .join('')
    .slice(0, 2);
  return {
    id,
    display_name: name,
    initials,
    email: `${name.toLowerCase().replace(/\s+/g, '.')}@example.com`,
    name,
    company: 'Globex Shop',
    external_id: null,
    avatar_url: null,
    presence: 'offline',
    last_seen_at: null,
    created_at: '2026-11-01T10:00:00Z',
    ...overrides,
  };
}

export function contact(id: number, overrides: Partial<Contact> = {}): Contact {
  return {
    id,
    display_name: 'Ada Lovelace',
    initials: 'AL',
    email: 'ada@example.com',
    name: 'Ada Lovelace',
    phone: null,
    company: 'Analytical Engines Ltd',
    external_id: 'user_42',
    avatar_url: null,
    location: { city: 'London', region: null, country: 'GB' },
    time_zone: 'Europe/London',
    shopify_domain: null,
    presence: 'online',
    last_seen_at: '2026-11-24T09:00:00Z',
    created_at: '2026-11-01T10:00:00Z',
    updated_at: '2026-11-20T10:00:00Z',
    ...overrides,
  };
}

export function loginResponse(token: string): LoginResponse {
  return { token, expires_at: '2026-12-24T10:00:00Z', user: demoMe.user };
}
