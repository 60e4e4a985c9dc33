//! The composer and status actions: replies and notes posted with the right type, errors inline, refreshes after.
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Message } from '@/api/types';
import { conversation, demoApps, demoMe, message, OLIVIA_CONVERSATION_ID, sidebar } from '@/testing/fixtures';
import { mockApi } from '@/testing/mock-fetch';
import { renderApp } from '@/testing/render-app';

const base = `/api/v1/conversations/${OLIVIA_CONVERSATION_ID}`;

function routes(thread: Message[], extra: Record<string, unknown> = {}) {
  return {
    'GET /api/v1/me': { body: demoMe },
    'GET /api/v1/apps': { body: { items: demoApps, next_cursor: null } },
    'GET /api/v1/conversations': { body: { items: [conversation(OLIVIA_CONVERSATION_ID)], next_cursor: null } },
    [`GET ${base}`]: { body: conversation(OLIVIA_CONVERSATION_ID) },
    [`GET ${base}/messages`]: () => ({ body: { items: thread, next_cursor: null } }),
    [`GET ${base}/sidebar`]: { body: sidebar() },
    ...extra,
  } as Parameters<typeof mockApi>[0];
}

describe('composer', () => {
  it('sends a reply with Ctrl+Enter and refreshes the thread, which shows its CC delivery', async () => {
    const thread = [message(1)];
    const reply = message(2, {
      type: 'outgoing',
      content: 'On it!',
      author: { kind: 'user', id: 1, name: 'Dana Demo' },
      deliveries: [{ email: 'boss@x.com', status: 'sent', attempts: 1, error: null, sent_at: '2026-11-24T10:00:00Z' }],
    });
    const { requests } = mockApi(
      routes(thread, {
        [`POST ${base}/messages`]: () => {
          thread.push(reply);
          return { status: 201, body: reply };
        },
      }),
    );
    const { user } = renderApp(`/conversations/${OLIVIA_CONVERSATION_ID}`);

    const box = await screen.findByRole('textbox', { name: 'Reply' });
    await user.type(box, 'On it!');
    await user.keyboard('{Control>}{Enter}{/Control}');

    const messages = screen.getByRole('list', { name: 'Messages' });
    expect(await within(messages).findByRole('list', { name: 'CC deliveries' })).toHaveTextContent('CC: boss@x.com ✓ sent');
    expect(requests.find((r) => r.method === 'POST')?.body).toEqual({ type: 'outgoing', content: 'On it!' });
    await waitFor(() => expect(box).toHaveValue(''));
  });

  it("says who a reply will be copied to (the sidebar's CC list), on the Reply tab only", async () => {
    mockApi(routes([message(1)]));
    const { user } = renderApp(`/conversations/${OLIVIA_CONVERSATION_ID}`);

    const composer = await screen.findByRole('form', { name: 'Write a message' });
    // The CC list comes with the sidebar, whose code loads lazily on the first open.
    const cc = await within(composer).findByText('CC: billing@northwind-outfitters.com', {}, { timeout: 5_000 });
    expect(within(composer).getByRole('textbox', { name: 'Reply' })).toHaveAttribute('aria-describedby', cc.id);

    await user.click(within(composer).getByRole('tab', { name: 'Note' }));
    expect(within(composer).queryByText(/^CC:/)).not.toBeInTheDocument();
  });

  it('posts a note from the Note tab and shows a 422 inline, keeping the draft', async () => {
    const { requests } = mockApi(
      routes([message(1)], {
        [`POST ${base}/messages`]: {
          status: 422,
          body: {
            error: { code: 'validation_failed', message: 'Invalid input', details: { fields: { content: 'must be 1 to 10000 characters' } } },
          },
        },
      }),
    );
    const { user } = renderApp(`/conversations/${OLIVIA_CONVERSATION_ID}`);

    await user.click(await screen.findByRole('tab', { name: 'Note' }));
    expect(screen.getByText('Only agents see notes')).toBeInTheDocument();
    const composer = screen.getByRole('form', { name: 'Write a message' });
    const box = within(composer).getByRole('textbox', { name: 'Note' });
    await user.type(box, 'Internal');
    // The sidebar's Notes section has an "Add note" of its own (contact notes).
    await user.click(within(composer).getByRole('button', { name: 'Add note' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('must be 1 to 10000 characters');
    expect(box).toHaveValue('Internal');
    expect(requests.find((r) => r.method === 'POST')?.body).toEqual({ type: 'note', content: 'Internal' });
  });

  it('resolves the conversation from the top bar', async () => {
    let status: 'open' | 'resolved' = 'open';
    const { requests } = mockApi(
      routes([message(1)], {
        [`GET ${base}`]: () => ({ body: conversation(OLIVIA_CONVERSATION_ID, { status }) }),
        [`POST ${base}/status`]: () => {
          status = 'resolved';
          return { body: conversation(OLIVIA_CONVERSATION_ID, { status }) };
        },
      }),
    );
    const { user } = renderApp(`/conversations/${OLIVIA_CONVERSATION_ID}`);

    await user.click(await screen.findByRole('button', { name: 'Resolve' }));

    expect(await screen.findByRole('button', { name: 'Reopen' })).toBeInTheDocument();
    expect(requests.find((r) => r.url.pathname === `${base}/status`)?.body).toEqual({ status: 'resolved' });
  });
});
