//! The contact sidebar: sections from the registry in the saved order, collapse, reset, and safe rendering.
import { screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { Sidebar } from '@/api/types';
import { TEST_NOW } from '@/testing/clock';
import { OLIVIA_CONVERSATION_ID, sidebar, sidebarShopify } from '@/testing/fixtures';
import { mockApi } from '@/testing/mock-fetch';
import { renderWithProviders } from '@/testing/render-with-providers';
import { layoutStorageKey } from '../utils/layout';
import { ContactSidebar } from './contact-sidebar';
import { SIDEBAR_SECTIONS, type SectionDefinition } from './sections/registry';
import type { OpenConversation } from './sections/section-props';

const SIDEBAR_PATH = `GET /api/v1/conversations/${OLIVIA_CONVERSATION_ID}/sidebar`;
const DEFAULT_TITLES = [
  'Conversation summary',
  'Contact details',
  'Notes',
  'Custom data',
  'Contact tags',
  'Conversation tags',
  'Conversation history',
  'Contact events',
  'CC emails',
];

function Broken(): never {
  throw new Error('bad data');
}

function mockSidebar(data: Sidebar = sidebar()) {
  return mockApi({
    [SIDEBAR_PATH]: { body: data },
    'GET /api/v1/stream': { status: 204 },
  });
}

function renderSidebar({ userId = 1, sections }: { userId?: number; sections?: readonly SectionDefinition[] } = {}) {
  const onOpenConversation = vi.fn<OpenConversation>();
  const view = renderWithProviders(
    <ContactSidebar
      conversationId={OLIVIA_CONVERSATION_ID}
      userId={userId}
      onOpenConversation={onOpenConversation}
      sections={sections}
    />,
  );
  return { ...view, onOpenConversation };
}

async function sectionTitles(): Promise<string[]> {
  await screen.findByRole('heading', { name: 'Olivia Bennett' });
  return screen.getAllByRole('region').map((region) => region.getAttribute('data-section-id') ?? '').map((id) => {
    const section = SIDEBAR_SECTIONS.find((candidate) => candidate.id === id);
    return section?.title ?? id;
  });
}

describe('contact sidebar', () => {
  it('shows the header and every section in the default order, with one request', async () => {
    // Last seen five minutes before TEST_NOW (12:05 UTC), which is 4:05 AM in Los Angeles (PST).
    const data = sidebar();
    data.contact.last_seen_at = '2026-11-24T12:00:00Z';
    const { requests } = mockSidebar(data);
    const { onOpenConversation, user } = renderSidebar();

    expect(await screen.findByRole('heading', { name: 'Olivia Bennett' })).toBeInTheDocument();
    expect(screen.getByText('Verified')).toBeInTheDocument();
    expect(screen.getByText('Offline · last seen 5 minutes ago')).toBeInTheDocument();
    expect(screen.getByText('4:05 AM local time')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /^View/ })).toHaveAttribute('href', '/contacts/1');
    expect(await sectionTitles()).toEqual(DEFAULT_TITLES);
    expect(screen.queryByRole('region', { name: 'Shopify' })).not.toBeInTheDocument();

    const details = screen.getByRole('region', { name: 'Contact details' });
    expect(within(details).getByText('+1 555 0100')).toBeInTheDocument();
    expect(within(details).getByText('Portland, Oregon, US')).toBeInTheDocument();
    expect(within(screen.getByRole('region', { name: 'Contact tags' })).getByText('vip')).toBeInTheDocument();
    expect(within(screen.getByRole('region', { name: 'CC emails' })).getByText('billing@northwind-outfitters.com')).toBeInTheDocument();

    const summary = screen.getByRole('region', { name: 'Conversation summary' });
    await user.click(within(summary).getByRole('button', { name: /Duplicate upsell trigger/ }));
    // The summary has no app id; the matching history row supplies it. The status lets the inbox
    // make its list show the conversation.
    expect(onOpenConversation).toHaveBeenCalledWith('0da235a9-2a86-4bee-a755-81f534f78e11', 2, 'resolved');

    expect(requests.filter((request) => request.url.pathname.endsWith('/sidebar'))).toHaveLength(1);
  });

  it('applies a saved order and puts a newly shipped section at its default place', async () => {
    mockSidebar();
    // Saved before "Custom data", "Notes" and "CC emails" existed, with a section that has since gone.
    window.localStorage.setItem(
      layoutStorageKey(1),
      JSON.stringify({
        version: 1,
        order: ['events', 'summary', 'shopify', 'details', 'old-notes', 'contact-tags', 'conversation-tags', 'history'],
        collapsed: [],
      }),
    );
    renderSidebar();

    expect(await sectionTitles()).toEqual([
      'Contact events',
      'CC emails',
      'Conversation summary',
      'Contact details',
      'Notes',
      'Custom data',
      'Contact tags',
      'Conversation tags',
      'Conversation history',
    ]);
  });

  it('renders whatever the registry holds, in its order, and shows Shopify only when present', async () => {
    mockSidebar(sidebar({ shopify: sidebarShopify() }));
    const registry: SectionDefinition[] = [
      SIDEBAR_SECTIONS[2]!,
      { id: 'notes', title: 'Team notes', component: () => <p>Notes body</p> },
      SIDEBAR_SECTIONS[1]!,
    ];
    renderSidebar({ sections: registry });

    await screen.findByText('Notes body');
    expect(screen.getAllByRole('region').map((region) => region.getAttribute('data-section-id'))).toEqual([
      'details',
      'notes',
      'shopify',
    ]);
    expect(within(screen.getByRole('region', { name: 'Shopify' })).getByText('northwind-outfitters.myshopify.com')).toBeInTheDocument();
  });

  it('shows the same MRR in the Shopify row and the chart caption when the shop uses two Partner apps', async () => {
    // The conversation is in Product Reviews ($29.99); the shop also pays Upsell Pro $49.00.
    const { requests } = mockSidebar(sidebar({ shopify: sidebarShopify() }));
    renderSidebar();

    const shopify = await screen.findByRole('region', { name: 'Shopify' });
    const caption = await within(shopify).findByText(/^Product Reviews · MRR now/);
    const mrr = within(shopify).getByText('MRR', { selector: 'dt' }).parentElement!;
    expect(within(mrr).getByText('$29.99')).toBeInTheDocument();
    expect(caption).toHaveTextContent(/^Product Reviews · MRR now \$29\.99,/);
    expect(within(shopify).getByText('Also uses Upsell Pro: Growth plan, $49.00/mo')).toBeInTheDocument();
    expect(shopify).not.toHaveTextContent('$78.99');
    // The chart and the other apps come with the sidebar: opening it is one request.
    const reads = requests.map((request) => request.url.pathname).filter((path) => path !== '/api/v1/stream');
    expect(reads).toEqual([SIDEBAR_PATH.replace(/^GET /, '')]);
  });

  it('keeps a collapsed section collapsed for that user only', async () => {
    mockSidebar();
    const first = renderSidebar({ userId: 7 });

    const toggle = await screen.findByRole('button', { name: 'Contact details' });
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    await first.user.click(toggle);
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    expect(screen.queryByText('+1 555 0100')).not.toBeInTheDocument();
    expect(JSON.parse(window.localStorage.getItem(layoutStorageKey(7)) ?? '{}').collapsed).toEqual(['details']);
    first.unmount();

    renderSidebar({ userId: 7 });
    expect(await screen.findByRole('button', { name: 'Contact details' })).toHaveAttribute(
      'aria-expanded',
      'false',
    );
  });

  it('collapses with the keyboard and moves between section headers with Alt+Arrow keys', async () => {
    mockSidebar();
    const { user } = renderSidebar();

    const summary = await screen.findByRole('button', { name: 'Conversation summary' });
    summary.focus();
    await user.keyboard('{Alt>}{ArrowDown}{/Alt}');
    const details = screen.getByRole('button', { name: 'Contact details' });
    expect(details).toHaveFocus();
    await user.keyboard('{Enter}');
    expect(details).toHaveAttribute('aria-expanded', 'false');
    await user.keyboard(' ');
    expect(details).toHaveAttribute('aria-expanded', 'true');
    await user.keyboard('{Alt>}{ArrowUp}{/Alt}');
    expect(summary).toHaveFocus();
  });

  it('resets the layout to the default order with nothing collapsed', async () => {
    mockSidebar();
    window.localStorage.setItem(
      layoutStorageKey(1),
      JSON.stringify({ version: 1, order: ['cc-emails', 'events', 'summary'], collapsed: ['events'] }),
    );
    const { user } = renderSidebar();

    expect((await sectionTitles()).slice(0, 3)).toEqual(['CC emails', 'Contact events', 'Conversation summary']);
    expect(screen.getByRole('button', { name: 'Contact events' })).toHaveAttribute('aria-expanded', 'false');

    await user.click(screen.getByRole('button', { name: 'Reset layout' }));

    expect(await sectionTitles()).toEqual(DEFAULT_TITLES);
    expect(screen.getByRole('button', { name: 'Contact events' })).toHaveAttribute('aria-expanded', 'true');
    expect(window.localStorage.getItem(layoutStorageKey(1))).toBeNull();
  });

  it('renders custom data values as text, never as HTML, with their provenance', async () => {
    const payload = '<img src=x onerror=alert(1)>';
    const data = sidebar();
    data.custom_data.items = [{ key: 'note', value: payload as never, source: 'agent', verified: true, updated_at: TEST_NOW }];
    mockSidebar(data);
    const { container } = renderSidebar();

    await screen.findByRole('heading', { name: 'Olivia Bennett' });
    const region = screen.getByRole('region', { name: 'Custom data' });
    expect(within(region).getByText(payload)).toBeInTheDocument();
    expect(container.querySelector('img')).toBeNull();
    // Provenance is text under the value, not a tooltip.
    const row = within(region).getByText('note').closest('div')!;
    expect(row).not.toHaveAttribute('title');
    expect(within(row).getByText('set by an agent, just now')).toHaveClass('custom-data__provenance');
  });

  it('shows the initials, and loads nothing, for an avatar URL the server does not vouch for', async () => {
    // What an unverified widget identify's avatar looks like (SPEC §3).
    const avatar = 'https://tracker.example.net/pixel.png';
    const data = sidebar();
    data.contact.avatar_url = avatar;
    data.contact.avatar_trusted = false;
    mockSidebar(data);
    renderSidebar();

    await screen.findByRole('heading', { name: 'Olivia Bennett' });
    expect(document.querySelector(`[src="${avatar}"]`)).toBeNull();
    expect(screen.getByText('OB')).toHaveClass('avatar');
  });

  it('shows a picture the server vouches for', async () => {
    const avatar = 'https://images.example.com/olivia.png';
    const data = sidebar();
    data.contact.avatar_url = avatar;
    data.contact.avatar_trusted = true;
    mockSidebar(data);
    renderSidebar();

    await screen.findByRole('heading', { name: 'Olivia Bennett' });
    expect(document.querySelector('.sidebar-header img')).toHaveAttribute('src', avatar);
  });

  it('marks a custom-data value an unverified identify set as the visitor’s claim, and a verified one not', async () => {
    const data = sidebar();
    data.custom_data.items = [
      { key: 'plan', value: 'enterprise', source: 'identify', verified: false, updated_at: '2026-11-24T10:05:00Z' },
      { key: 'reviews_count', value: 709, source: 'identify', verified: true, updated_at: '2026-11-24T10:05:00Z' },
    ];
    mockSidebar(data);
    renderSidebar();

    await screen.findByRole('heading', { name: 'Olivia Bennett' });
    const region = screen.getByRole('region', { name: 'Custom data' });
    const row = (key: string) => within(region).getByText(key).closest('div')!;

    const claimed = row('plan');
    expect(within(claimed).getByText('Unverified')).toBeInTheDocument();
    expect(within(claimed).getByText('set by the visitor through an unverified identify, 2 hours ago')).toBeInTheDocument();

    const trusted = row('reviews_count');
    expect(within(trusted).queryByText('Unverified')).not.toBeInTheDocument();
    expect(within(trusted).getByText('set by the app through identify, 2 hours ago')).toBeInTheDocument();
  });

  it('shows how many events apps the agent does not operate sent, and offers more only when the server has more', async () => {
    const data = sidebar();
    data.events.hidden_count = 3;
    mockSidebar(data);
    renderSidebar();

    await screen.findByRole('heading', { name: 'Olivia Bennett' });
    const region = screen.getByRole('region', { name: 'Contact events' });
    expect(within(region).getByRole('button', { name: /^app_installed/ })).toBeInTheDocument();
    expect(within(region).getByText('3 more events are from apps you don’t have access to.')).toBeInTheDocument();
    expect(within(region).queryByRole('button', { name: 'Show more events' })).not.toBeInTheDocument();
  });

  it('says when the only events the contact has are in apps the agent does not operate', async () => {
    const data = sidebar();
    data.events = { items: [], has_more: false, hidden_count: 1 };
    mockSidebar(data);
    renderSidebar();

    await screen.findByRole('heading', { name: 'Olivia Bennett' });
    const region = screen.getByRole('region', { name: 'Contact events' });
    expect(within(region).getByText('No events in the apps you can see.')).toBeInTheDocument();
    expect(within(region).getByText('1 more event is from an app you don’t have access to.')).toBeInTheDocument();
  });

  it('offers more events when the server says it has more, and loads them from the timeline', async () => {
    const data = sidebar();
    data.events.has_more = true;
    const { requests } = mockApi({
      [SIDEBAR_PATH]: { body: data },
      'GET /api/v1/contacts/1/events': {
        body: { items: [{ ...data.events.items[0]!, id: 2, name: 'plan_upgraded' }], next_cursor: null, hidden_count: 0 },
      },
    });
    const { user } = renderSidebar();

    await screen.findByRole('heading', { name: 'Olivia Bennett' });
    const region = screen.getByRole('region', { name: 'Contact events' });
    expect(within(region).queryByText(/access to/)).not.toBeInTheDocument();
    await user.click(within(region).getByRole('button', { name: 'Show more events' }));

    expect(await within(region).findByRole('button', { name: /^plan_upgraded/ })).toBeInTheDocument();
    expect(requests.filter((request) => request.url.pathname === '/api/v1/contacts/1/events')).toHaveLength(1);
    expect(within(region).queryByRole('button', { name: 'Show more events' })).not.toBeInTheDocument();
  });

  it('keeps the rest of the panel when one section fails to render', async () => {
    mockSidebar();
    vi.spyOn(console, 'error').mockImplementation(() => {});
    renderSidebar({ sections: [{ id: 'broken', title: 'Broken', component: Broken }, SIDEBAR_SECTIONS[2]!] });

    await screen.findByRole('heading', { name: 'Olivia Bennett' });
    const broken = screen.getByRole('region', { name: 'Broken' });
    expect(within(broken).getByRole('alert')).toHaveTextContent('This section could not be shown: bad data');
    expect(within(screen.getByRole('region', { name: 'Contact details' })).getByText('+1 555 0100')).toBeInTheDocument();
  });
});
