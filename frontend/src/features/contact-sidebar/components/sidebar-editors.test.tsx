//! The inline editors: the tag picker offers only tags of its scope; the CC form shows the server's error inline.
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { demoTags, OLIVIA_CONVERSATION_ID, sidebar } from '@/testing/fixtures';
import { mockApi } from '@/testing/mock-fetch';
import { renderWithProviders } from '@/testing/render-with-providers';
import { ContactSidebar } from './contact-sidebar';

const SIDEBAR_PATH = `GET /api/v1/conversations/${OLIVIA_CONVERSATION_ID}/sidebar`;

function renderSidebar({ canManageTags = false } = {}) {
  return renderWithProviders(
    <ContactSidebar
      conversationId={OLIVIA_CONVERSATION_ID}
      userId={1}
      onOpenConversation={() => {}}
      canManageTags={canManageTags}
    />,
  );
}

/** The library as the server answers it: `scope` keeps to tags usable there, `q` is a name prefix. */
function tagLibrary({ url }: { url: URL }) {
  const scope = url.searchParams.get('scope');
  const q = url.searchParams.get('q') ?? '';
  return {
    body: {
      items: demoTags.filter((tag) => tag.name.startsWith(q) && (!scope || tag.scope === scope || tag.scope === 'both')),
      next_cursor: null,
    },
  };
}

describe('tag picker', () => {
  it('offers only tags of the contact scope and tags the contact with the one picked', async () => {
    // The server's state: what the sidebar refetched after the change shows.
    const data = sidebar();
    const { requests } = mockApi({
      [SIDEBAR_PATH]: () => ({ body: data }),
      'GET /api/v1/stream': { status: 204 },
      // Even if the library answered with every tag, the picker keeps to its scope.
      'GET /api/v1/tags': { body: { items: demoTags, next_cursor: null } },
      'PUT /api/v1/contacts/1/tags/2': () => {
        data.contact_tags = [...data.contact_tags, { id: 2, name: 'churn-risk', color: 'red' }];
        return { status: 204 };
      },
    });
    const { user } = renderSidebar();

    await screen.findByRole('heading', { name: 'Olivia Bennett' });
    const region = screen.getByRole('region', { name: 'Contact tags' });
    await user.click(within(region).getByRole('button', { name: 'Add contact tag' }));
    const options = within(region).getByRole('listbox', { name: 'Contact tags' });
    await within(options).findByRole('option', { name: 'churn-risk' });
    expect(within(options).getAllByRole('option').map((option) => option.textContent)).toEqual(['churn-risk', 'follow-up']);

    const tagRequest = requests.find((request) => request.url.pathname === '/api/v1/tags');
    expect(tagRequest?.url.searchParams.get('scope')).toBe('contact');

    await user.click(within(options).getByRole('option', { name: 'churn-risk' }));
    expect(await within(region).findByText('churn-risk')).toBeInTheDocument();
    expect(requests.some((request) => request.method === 'PUT' && request.url.pathname === '/api/v1/contacts/1/tags/2')).toBe(
      true,
    );
  });

  it('offers conversation tags in the conversation picker and creates a new one with a colour', async () => {
    const data = sidebar();
    const { requests } = mockApi({
      [SIDEBAR_PATH]: () => ({ body: data }),
      'GET /api/v1/stream': { status: 204 },
      'GET /api/v1/tags': ({ url }) => ({
        body: {
          items: demoTags.filter((tag) => tag.name.startsWith(url.searchParams.get('q') ?? '')),
          next_cursor: null,
        },
      }),
      'POST /api/v1/tags': {
        status: 201,
        body: { id: 20, name: 'needs-reply', color: 'purple', scope: 'conversation', created_at: '2026-11-24T10:00:00Z' },
      },
      [`PUT /api/v1/conversations/${OLIVIA_CONVERSATION_ID}/tags/20`]: () => {
        data.conversation_tags = [...data.conversation_tags, { id: 20, name: 'needs-reply', color: 'purple' }];
        return { status: 204 };
      },
    });
    const { user } = renderSidebar();

    await screen.findByRole('heading', { name: 'Olivia Bennett' });
    const region = screen.getByRole('region', { name: 'Conversation tags' });
    await user.click(within(region).getByRole('button', { name: 'Add conversation tag' }));
    const options = within(region).getByRole('listbox', { name: 'Conversation tags' });
    // "bug" is already on the conversation; contact-only tags never show.
    await within(options).findByRole('option', { name: 'billing' });
    expect(within(options).getAllByRole('option').map((option) => option.textContent)).toEqual(['billing', 'follow-up']);

    await user.type(within(region).getByRole('combobox', { name: 'Search conversation tags' }), 'Needs Reply');
    await user.click(await within(region).findByRole('radio', { name: 'Purple' }));
    await user.click(within(region).getByRole('button', { name: 'Create “needs-reply”' }));

    expect(await within(region).findByText('needs-reply')).toBeInTheDocument();
    const created = requests.find((request) => request.method === 'POST' && request.url.pathname === '/api/v1/tags');
    expect(created?.body).toEqual({ name: 'needs-reply', color: 'purple', scope: 'conversation' });
  });
});

describe('tag picker and a tag of the other scope', () => {
  it('offers owners and admins to allow a contact tag on the conversation, never to create it', async () => {
    const data = sidebar();
    const { requests } = mockApi({
      [SIDEBAR_PATH]: () => ({ body: data }),
      'GET /api/v1/stream': { status: 204 },
      'GET /api/v1/tags': tagLibrary,
      'PATCH /api/v1/tags/1': { body: { ...demoTags[0], scope: 'both' } },
      [`PUT /api/v1/conversations/${OLIVIA_CONVERSATION_ID}/tags/1`]: () => {
        data.conversation_tags = [...data.conversation_tags, { id: 1, name: 'vip', color: 'yellow' }];
        return { status: 204 };
      },
    });
    const { user } = renderSidebar({ canManageTags: true });

    await screen.findByRole('heading', { name: 'Olivia Bennett' });
    const region = screen.getByRole('region', { name: 'Conversation tags' });
    await user.click(within(region).getByRole('button', { name: 'Add conversation tag' }));
    await user.type(within(region).getByRole('combobox', { name: 'Search conversation tags' }), 'VIP');
    const allow = await within(region).findByRole('button', { name: 'Allow on conversations' });
    expect(
      within(region).getByText('“vip” is a contact tag, so it can’t go on a conversation. Allow it on conversations too?'),
    ).toBeInTheDocument();
    expect(within(region).queryByRole('button', { name: /^Create/ })).not.toBeInTheDocument();
    await user.click(allow);

    expect(await within(region).findByRole('button', { name: 'Remove conversation tag vip' })).toBeInTheDocument();
    const widened = requests.find((request) => request.method === 'PATCH');
    expect(widened?.body).toEqual({ scope: 'both' });
    expect(requests.some((request) => request.method === 'POST')).toBe(false);
  });

  it('tells an agent why a conversation tag cannot go on the contact, in plain words', async () => {
    mockApi({
      [SIDEBAR_PATH]: () => ({ body: sidebar() }),
      'GET /api/v1/stream': { status: 204 },
      'GET /api/v1/tags': tagLibrary,
    });
    const { user } = renderSidebar();

    await screen.findByRole('heading', { name: 'Olivia Bennett' });
    const region = screen.getByRole('region', { name: 'Contact tags' });
    await user.click(within(region).getByRole('button', { name: 'Add contact tag' }));
    await user.type(within(region).getByRole('combobox', { name: 'Search contact tags' }), 'billing');
    expect(
      await within(region).findByText(
        '“billing” is a conversation tag, so it can’t go on a contact. An owner or admin can allow it on contacts too.',
      ),
    ).toBeInTheDocument();
    expect(within(region).queryByRole('button', { name: /^(Create|Allow)/ })).not.toBeInTheDocument();
  });

  it('words a scope refusal itself, without the server’s markup', async () => {
    mockApi({
      [SIDEBAR_PATH]: () => ({ body: sidebar() }),
      'GET /api/v1/stream': { status: 204 },
      'GET /api/v1/tags': tagLibrary,
      [`PUT /api/v1/conversations/${OLIVIA_CONVERSATION_ID}/tags/9`]: {
        status: 422,
        body: { error: { code: 'tag_scope_mismatch', message: 'Tag `follow-up` is for contacts only', details: {} } },
      },
    });
    const { user } = renderSidebar();

    await screen.findByRole('heading', { name: 'Olivia Bennett' });
    const region = screen.getByRole('region', { name: 'Conversation tags' });
    await user.click(within(region).getByRole('button', { name: 'Add conversation tag' }));
    await user.click(await within(region).findByRole('option', { name: 'follow-up' }));
    expect(await within(region).findByRole('alert')).toHaveTextContent(
      'Could not add the tag: “follow-up” is for contacts only, so it can’t go on a conversation.',
    );
    expect(region.textContent).not.toContain('`');
  });
});

describe('CC emails', () => {
  it('shows the server’s validation error inline, then adds a valid address', async () => {
    const data = sidebar();
    mockApi({
      [SIDEBAR_PATH]: () => ({ body: data }),
      'GET /api/v1/stream': { status: 204 },
      [`POST /api/v1/conversations/${OLIVIA_CONVERSATION_ID}/cc_emails`]: ({ body }) =>
        (body as { email: string }).email === 'nope'
          ? {
              status: 422,
              body: {
                error: {
                  code: 'validation_failed',
                  message: 'Invalid input (email: must be a valid email address)',
                  details: { fields: { email: 'must be a valid email address' } },
                },
              },
            }
          : (data.cc_emails.push('ops@northwind-outfitters.com'),
            { status: 201, body: { email: 'ops@northwind-outfitters.com', created_at: '2026-11-24T10:00:00Z' } }),
    });
    const { user } = renderSidebar();

    await screen.findByRole('heading', { name: 'Olivia Bennett' });
    const region = screen.getByRole('region', { name: 'CC emails' });
    const input = within(region).getByRole('textbox', { name: 'Add CC email' });
    await user.type(input, 'nope');
    await user.click(within(region).getByRole('button', { name: 'Add' }));

    expect(await within(region).findByRole('alert')).toHaveTextContent('Must be a valid email address.');
    expect(input).toHaveAttribute('aria-invalid', 'true');
    expect(input).toHaveAccessibleDescription('Must be a valid email address.');

    await user.clear(input);
    expect(within(region).queryByRole('alert')).not.toBeInTheDocument();
    await user.type(input, 'ops@northwind-outfitters.com{Enter}');
    expect(await within(region).findByText('ops@northwind-outfitters.com')).toBeInTheDocument();
    expect(input).toHaveValue('');
  });
});
