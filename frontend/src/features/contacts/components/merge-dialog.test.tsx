//! "Merge with…" on the profile: search, side-by-side choices with the server's defaults, the request sent, 409 and permissions.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeAll, describe, expect, it } from 'vitest';
import { contactProfile, contactSummary, demoMe, demoTags } from '@/testing/fixtures';
import { apiError, mockApi, type MockReply } from '@/testing/mock-fetch';
import { renderApp } from '@/testing/render-app';

const emptyList = { body: { items: [], next_cursor: null } };
const noEvents = { body: { items: [], next_cursor: null, hidden_count: 0 } };
const duplicate = contactProfile(43, {
  display_name: 'Ada King',
  name: 'Ada King',
  email: 'ada.king@example.com',
  phone: '+44 20',
  counts: { conversations: 4, hidden_conversations: 0, events: 7 },
});

// jsdom has <dialog> without its modal methods.
function showModal(this: HTMLDialogElement) {
  this.open = true;
}
function close(this: HTMLDialogElement) {
  this.open = false;
  this.dispatchEvent(new Event('close'));
}

beforeAll(() => {
  HTMLDialogElement.prototype.showModal ??= showModal;
  HTMLDialogElement.prototype.close ??= close;
});

function routes(extra: Record<string, MockReply | ((request: never) => MockReply)> = {}) {
  return {
    'GET /api/v1/me': { body: demoMe },
    'GET /api/v1/contacts/42': { body: contactProfile(42) },
    'GET /api/v1/contacts/42/conversations': emptyList,
    'GET /api/v1/contacts/42/events': noEvents,
    'GET /api/v1/contacts/43': { body: duplicate },
    'GET /api/v1/contacts': { body: { items: [contactSummary(42, 'Ada Lovelace'), contactSummary(43, 'Ada King')], next_cursor: null } },
    'GET /api/v1/tags': { body: { items: demoTags, next_cursor: null } },
    ...extra,
  };
}

async function openCompare() {
  const user = userEvent.setup();
  renderApp('/contacts/42');
  await user.click(await screen.findByRole('button', { name: 'Merge with…' }));
  const dialog = screen.getByRole('dialog');
  await user.type(within(dialog).getByLabelText('Find the duplicate'), 'ada');
  const results = await within(dialog).findByRole('list', { name: 'matching contacts' });
  expect(within(results).queryByText(/Ada Lovelace/)).not.toBeInTheDocument();
  await user.click(within(results).getByRole('button', { name: /Ada King/ }));
  await within(dialog).findByRole('table');
  return { user, dialog };
}

describe('merge dialog', () => {
  it('shows differing fields with the defaults, sends the picks, and shows the survivor', async () => {
    const { requests } = mockApi(
      routes({
        'POST /api/v1/contacts/42/merge': {
          body: contactProfile(42, {
            name: 'Ada King',
            display_name: 'Ada King',
            merges: [
              {
                merged_contact_id: 43,
                merged_contact_label: 'Ada King',
                merged_by_user_id: 1,
                merged_by_name: 'Dana Demo',
                merged_at: '2026-11-24T09:05:00Z',
              },
            ],
          }),
        },
      }),
    );
    const { user, dialog } = await openCompare();
    const name = within(dialog).getByRole('row', { name: /Name/ });
    expect(within(name).getByRole('radio', { name: 'Ada Lovelace' })).toBeChecked();
    // The survivor has no phone: the duplicate's is kept unless told otherwise.
    const phone = within(dialog).getByRole('row', { name: /Phone/ });
    expect(within(phone).getByRole('radio', { name: '+44 20' })).toBeChecked();
    expect(within(dialog).getByText(/Moves 4 conversations and 7 events/)).toBeInTheDocument();
    await user.click(within(name).getByRole('radio', { name: 'Ada King' }));
    await user.click(within(dialog).getByRole('button', { name: 'Merge into Ada Lovelace' }));

    await waitFor(() => expect(requests.some((r) => r.method === 'POST')).toBe(true));
    expect(requests.find((r) => r.method === 'POST')?.body).toEqual({
      from_contact_id: 43,
      choose: { name: 'from', email: 'into', phone: 'from' },
    });
    expect(await screen.findByText(/Dana Demo merged Ada King/)).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Ada King' })).toBeInTheDocument();
  });

  it('shows a 409 from the server in the dialog', async () => {
    mockApi(
      routes({
        'POST /api/v1/contacts/42/merge': apiError(
          409,
          'external_id_conflict',
          'These contacts have different external ids (a and b): they are different people and cannot be merged',
        ),
      }),
    );
    const { user, dialog } = await openCompare();
    await user.click(within(dialog).getByRole('button', { name: 'Merge into Ada Lovelace' }));
    expect(await within(dialog).findByText(/different people and cannot be merged/)).toBeInTheDocument();
  });

  it('refuses two different external ids before asking the server', async () => {
    mockApi(routes({ 'GET /api/v1/contacts/43': { body: { ...duplicate, external_id: 'other_user' } } }));
    const { dialog } = await openCompare();
    expect(within(dialog).getByText(/they are different\s+people/)).toBeInTheDocument();
    expect(within(dialog).getByRole('button', { name: 'Merge into Ada Lovelace' })).toBeDisabled();
  });

  it('is disabled, with the reason, for an agent who cannot see every conversation', async () => {
    mockApi(
      routes({
        'GET /api/v1/me': { body: { ...demoMe, user: { ...demoMe.user, role: 'agent' } } },
        'GET /api/v1/contacts/42': {
          body: contactProfile(42, { counts: { conversations: 1, hidden_conversations: 2, events: 0 } }),
        },
      }),
    );
    renderApp('/contacts/42');
    const button = await screen.findByRole('button', { name: 'Merge with…' });
    expect(button).toBeDisabled();
    expect(button).toHaveAttribute('title', expect.stringContaining('apps you do not operate'));
  });

  it('follows a merged-away id to the survivor with a notice', async () => {
    mockApi(
      routes({
        'GET /api/v1/contacts/43': {
          status: 404,
          body: { error: { code: 'not_found', message: 'Contact 43 was merged into contact 42', details: { merged_into: 42 } } },
        },
      }),
    );
    renderApp('/contacts/43');
    expect(await screen.findByRole('heading', { name: 'Ada Lovelace' })).toBeInTheDocument();
    expect(screen.getByText(/Contact #43 was merged into Ada Lovelace/)).toHaveAttribute('role', 'status');
  });
});
