//! Response bodies shaped like the API's, typed by the generated schema.
import type {
  App,
  Contact,
  ContactMerchant,
  ContactNote,
  ContactProfile,
  ContactSummary,
  Conversation,
  LoginResponse,
  Me,
  Message,
  ShopifyIntegration,
  Sidebar,
  SidebarShopify,
  Tag,
  WebhookDelivery,
  WebhookEndpoint,
} from '@/api/types';

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
    avatar_trusted: false,
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
    avatar_trusted: false,
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

export function contactProfile(id: number, overrides: Partial<ContactProfile> = {}): ContactProfile {
  return {
    ...contact(id),
    counts: { conversations: 2, hidden_conversations: 0, events: 3 },
    merges: [],
    custom_data: [
      {
        app_id: 1,
        app_name: 'Product Reviews',
        items: [{ key: 'plan', value: 'pro', source: 'identify', verified: true, updated_at: '2026-11-24T08:00:00Z' }],
      },
    ],
    tags: [{ id: 1, name: 'vip', color: 'yellow' }],
    ...overrides,
  };
}

export function loginResponse(token: string): LoginResponse {
  return { token, expires_at: '2026-12-24T10:00:00Z', user: demoMe.user };
}

export const OLIVIA_CONVERSATION_ID = 'eeb8fa3b-55f7-4a99-9fea-cf00bcf64ce1';
export const PAST_CONVERSATION_ID = '0da235a9-2a86-4bee-a755-81f534f78e11';

export function conversation(id: string, overrides: Partial<Conversation> = {}): Conversation {
  return {
    id,
    app_id: 1,
    app_name: 'Product Reviews',
    assignee_id: null,
    channel: 'widget',
    contact: { id: 1, display_name: 'Olivia Bennett', initials: 'OB', avatar_url: null, avatar_trusted: false, presence: 'online' },
    created_at: '2026-11-24T09:00:00Z',
    identity_verified: true,
    last_activity_at: '2026-11-24T10:00:00Z',
    preview: 'Thanks for the details!',
    resolved_at: null,
    status: 'open',
    summary: '',
    title: 'Reviews widget not showing on product pages',
    ...overrides,
  };
}

export function message(id: number, overrides: Partial<Message> = {}): Message {
  return {
    id,
    type: 'incoming',
    content: 'Hi! The reviews widget disappeared.',
    author: { kind: 'contact', id: 1, name: 'Olivia Bennett' },
    created_at: '2026-11-24T09:00:00Z',
    deliveries: [],
    ...overrides,
  };
}

export const demoTags: Tag[] = [
  { id: 1, name: 'vip', color: 'yellow', scope: 'contact', created_at: '2026-11-01T10:00:00Z' },
  { id: 2, name: 'churn-risk', color: 'red', scope: 'contact', created_at: '2026-11-01T10:00:00Z' },
  { id: 5, name: 'bug', color: 'red', scope: 'conversation', created_at: '2026-11-01T10:00:00Z' },
  { id: 6, name: 'billing', color: 'green', scope: 'conversation', created_at: '2026-11-01T10:00:00Z' },
  { id: 9, name: 'follow-up', color: 'teal', scope: 'both', created_at: '2026-11-01T10:00:00Z' },
];

export function sidebar(overrides: Partial<Sidebar> = {}): Sidebar {
  return {
    conversation_id: OLIVIA_CONVERSATION_ID,
    contact: {
      id: 1,
      display_name: 'Olivia Bennett',
      initials: 'OB',
      avatar_url: null,
      avatar_trusted: false,
      email: 'olivia@northwind-outfitters.com',
      presence: 'offline',
      last_seen_at: '2026-11-24T09:00:00Z',
      time_zone: 'America/Los_Angeles',
      verified: true,
    },
    summary: {
      conversation_id: PAST_CONVERSATION_ID,
      app_id: 2,
      summary: 'Duplicate upsell trigger in funnel settings removed by the agent.',
      status: 'resolved',
      app_name: 'Upsell Pro',
      last_activity_at: '2026-11-21T16:10:12Z',
    },
    shopify: null,
    details: {
      name: 'Olivia Bennett',
      email: 'olivia@northwind-outfitters.com',
      phone: '+1 555 0100',
      company: 'Northwind Outfitters',
      location: { city: 'Portland', region: 'Oregon', country: 'US' },
      external_id: 'northwind-outfitters.myshopify.com',
    },
    custom_data: {
      app_id: 1,
      app_name: 'Product Reviews',
      items: [
        { key: 'plan', value: 'free' as never, source: 'api', verified: true, updated_at: '2026-11-24T03:58:12Z' },
        { key: 'reviews_count', value: 709 as never, source: 'identify', verified: true, updated_at: '2026-11-21T22:58:12Z' },
      ],
    },
    contact_tags: [{ id: 1, name: 'vip', color: 'yellow' }],
    conversation_tags: [{ id: 5, name: 'bug', color: 'red' }],
    cc_emails: ['billing@northwind-outfitters.com'],
    history: {
      items: [
        {
          id: OLIVIA_CONVERSATION_ID,
          app_id: 1,
          app_name: 'Product Reviews',
          status: 'open',
          title: 'Reviews widget not showing on product pages',
          summary: 'Reviews widget not showing on product pages',
          last_activity_at: '2026-11-24T10:00:00Z',
          is_current: true,
        },
        {
          id: PAST_CONVERSATION_ID,
          app_id: 2,
          app_name: 'Upsell Pro',
          status: 'resolved',
          title: 'Upsell popup appears twice at checkout',
          summary: 'Duplicate upsell trigger in funnel settings removed by the agent.',
          last_activity_at: '2026-11-21T16:10:12Z',
          is_current: false,
        },
      ],
      has_more: false,
      hidden_count: 0,
    },
    events: {
      items: [
        {
          id: 1,
          contact_id: 1,
          app_id: 1,
          name: 'app_installed',
          occurred_at: '2026-11-24T06:58:12Z',
          properties: { plan: 'free' } as never,
          created_at: '2026-11-24T06:58:12Z',
        },
      ],
      has_more: false,
      hidden_count: 0,
    },
    notes: { items: [note(1)], has_more: false },
    ...overrides,
  };
}

/** A note by the demo agent (Alex Agent, user 2), editable by them. */
export function note(id: number, overrides: Partial<ContactNote> = {}): ContactNote {
  return {
    id,
    contact_id: 1,
    body: 'Prefers email over chat for billing.\nAvoid replies before 9am Pacific.',
    author: { id: 2, name: 'Alex Agent' },
    created_at: '2026-11-24T11:05:00Z',
    updated_at: '2026-11-24T11:05:00Z',
    editable: true,
    ...overrides,
  };
}

// Shopify, as the demo seed has it (api/src/seed_shopify.rs), dated against TEST_NOW: Olivia's shop
// northwind-outfitters uses both Partner apps. Product Reviews (1001): Basic $9.99 from 300 days
// ago, Pro $29.99 since an upgrade 120 days ago, one -$10.00 adjustment. Upsell Pro (1002): Growth
// $49.00 for 150 days. Figures are for a user with the revenue permission.

/** The sidebar's row: the shop as a merchant of the conversation's app (Product Reviews). */
export function sidebarShopify(overrides: Partial<SidebarShopify> = {}): SidebarShopify {
  return {
    shop_domain: 'northwind-outfitters.myshopify.com',
    partner_app_id: '1001',
    app_name: 'Product Reviews',
    plan_name: 'Pro',
    subscription_status: 'active',
    test_charge: false,
    installed_at: '2026-01-28T12:05:00Z',
    uninstalled_at: null,
    uninstall_reason: null,
    deactivated_at: null,
    last_synced_at: '2026-11-24T12:00:00Z',
    stale: false,
    mrr: { amount_minor: 2999, currency: 'USD' },
    lifetime_value: { amount_minor: 13590, currency: 'USD' },
    // The row's own merchant's steps, as `contactMerchant()` has them.
    mrr_history: [
      { at: '2026-01-28T12:05:00Z', amount_minor: 0 },
      { at: '2026-01-28T12:05:01Z', amount_minor: 999 },
      { at: '2026-07-27T12:05:03Z', amount_minor: 2999 },
    ],
    other_merchants: [upsellMerchant()],
    ...overrides,
  };
}

/** The shop under Product Reviews (Partner app 1001), as `GET /contacts/{id}/shopify` lists it. */
export function contactMerchant(overrides: Partial<ContactMerchant> = {}): ContactMerchant {
  return {
    partner_app_id: '1001',
    app_id: 1,
    app_name: 'Product Reviews',
    shop_domain: 'northwind-outfitters.myshopify.com',
    plan_name: 'Pro',
    subscription_status: 'active',
    test_charge: false,
    billing_interval: 'EVERY_30_DAYS',
    installed_at: '2026-01-28T12:05:00Z',
    uninstalled_at: null,
    uninstall_reason: null,
    uninstall_description: null,
    deactivated_at: null,
    mrr: { amount_minor: 2999, currency: 'USD' },
    lifetime_value: { amount_minor: 13590, currency: 'USD' },
    // Installed (0), Basic (999), then the upgrade to Pro (2999): normalized per 30 days.
    mrr_history: [
      { at: '2026-01-28T12:05:00Z', amount_minor: 0 },
      { at: '2026-01-28T12:05:01Z', amount_minor: 999 },
      { at: '2026-07-27T12:05:03Z', amount_minor: 2999 },
    ],
    ...overrides,
  };
}

/** The same shop under Upsell Pro (Partner app 1002). */
export function upsellMerchant(overrides: Partial<ContactMerchant> = {}): ContactMerchant {
  return contactMerchant({
    partner_app_id: '1002',
    app_id: 2,
    app_name: 'Upsell Pro',
    plan_name: 'Growth',
    installed_at: '2026-06-27T12:05:00Z',
    mrr: { amount_minor: 4900, currency: 'USD' },
    lifetime_value: { amount_minor: 19600, currency: 'USD' },
    mrr_history: [
      { at: '2026-06-27T12:05:00Z', amount_minor: 0 },
      { at: '2026-06-27T12:05:01Z', amount_minor: 4900 },
    ],
    ...overrides,
  });
}

/** `GET /integrations/shopify`: the seeded fixture connection, synced five minutes before TEST_NOW. */
export function shopifyIntegration(overrides: Partial<ShopifyIntegration> = {}): ShopifyIntegration {
  return {
    partner_organization_id: '1234567',
    status: 'connected',
    last_error: null,
    last_synced_at: '2026-11-24T12:00:00Z',
    consecutive_failures: 0,
    retries_exhausted: false,
    apps: [
      { partner_app_id: '1001', app_id: 1 },
      { partner_app_id: '1002', app_id: 2 },
    ],
    api_version: '2026-10',
    api_version_warning: null,
    ...overrides,
  };
}

export function webhookEndpoint(overrides: Partial<WebhookEndpoint> = {}): WebhookEndpoint {
  return {
    id: 7,
    app_id: 1,
    url: 'https://hooks.example.com/convot',
    description: 'CRM sync',
    topics: ['contact.created', 'message.received'],
    enabled: true,
    disabled_reason: null,
    failing_since: null,
    created_at: '2026-11-20T09:00:00Z',
    updated_at: '2026-11-20T09:00:00Z',
    ...overrides,
  };
}

export function webhookDelivery(overrides: Partial<WebhookDelivery> = {}): WebhookDelivery {
  return {
    id: 31,
    endpoint_id: 7,
    message_id: 'msg_2p5TNTmSvLDhSMoTbEgYsvqcTQj',
    type: 'message.received',
    status: 'succeeded',
    attempt_count: 1,
    next_attempt_at: null,
    last_status_code: 200,
    last_error: null,
    created_at: '2026-11-24T12:00:00Z',
    finished_at: '2026-11-24T12:00:01Z',
    payload: { type: 'message.received', timestamp: '2026-11-24T12:00:00Z', data: { content: 'This is a test message from Convot.' } },
    attempts: [
      { id: 91, attempted_at: '2026-11-24T12:00:01Z', status_code: 200, duration_ms: 42, error: null, response_body: 'ok' },
    ],
    ...overrides,
  };
}
