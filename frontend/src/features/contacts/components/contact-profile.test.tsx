//! The contact profile: details, in-place edits (errors inline, value reverted), 404, malformed ids, delete by role.
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { contact, contactProfile, demoMe, demoTags, note } from '@/testing/fixtures';
import { apiError, mockApi, type MockReply } from '@/testing/mock-fetch';
import { renderApp } from '@/testing/render-app';

const emptyList = { body: { items: [], next_cursor: null } };
const noEvents = { body: { items: [], next_cursor: null, hidden_count: 0 } };

function profileRoutes(extra: Record<string, MockReply | ((request: never) => MockReply)> = {}) {
  return {
    'GET /api/v1/me': { body: demoMe },
    'GET /api/v1/contacts/42': { body: contactProfile(42) },
    'GET /api/v1/contacts/42/conversations': emptyList,
    'GET /api/v1/contacts/42/events': noEvents,
    'GET /api/v1/contacts/42/notes': emptyList,
    'GET /api/v1/tags': { body: { items: demoTags, next_cursor: null } },
    ...extra,
  };
}

describe('contact profile', () => {
  it("shows the contact's fields, custom data with provenance and tags", async () => {
    mockApi(profileRoutes());
    renderApp('/contacts/42');

    expect(await screen.findByRole('heading', { name: 'Ada Lovelace' })).toBeInTheDocument();
    // Against TEST_NOW (12:05 UTC): last seen at 09:00, 12:05 PM in London (GMT in November).
    expect(screen.getByText('Online · last seen 3 hours ago')).toBeInTheDocument();
    expect(screen.getByText('· 12:05 PM local time')).toBeInTheDocument();
    const details = screen.getByRole('region', { name: 'Details' });
    expect(within(details).getByText('ada@example.com')).toBeInTheDocument();
    expect(within(details).getByText('Analytical Engines Ltd')).toBeInTheDocument();
    expect(within(details).getByText('London')).toBeInTheDocument();
    expect(screen.getByText('set by Product Reviews through identify, 4 hours ago')).toBeInTheDocument();
    expect(screen.queryByText('Unverified')).not.toBeInTheDocument();
    expect(screen.getByRole('list', { name: 'contact tags' })).toHaveTextContent('vip');
    expect(await screen.findByText('No events in the last 90 days.')).toBeInTheDocument();
  });

  it('shows the initials, and loads nothing, for an avatar URL the server does not vouch for', async () => {
    // What an unverified widget identify's avatar looks like (SPEC §3).
    const avatar = 'https://tracker.example.net/pixel.png';
    mockApi(
      profileRoutes({
        'GET /api/v1/contacts/42': { body: contactProfile(42, { avatar_url: avatar, avatar_trusted: false }) },
      }),
    );
    renderApp('/contacts/42');

    await screen.findByRole('heading', { name: 'Ada Lovelace' });
    expect(document.querySelector(`[src="${avatar}"]`)).toBeNull();
    expect(screen.getByText('AL')).toHaveClass('avatar');
  });

  it('shows a picture the server vouches for', async () => {
    const avatar = 'https://images.example.com/ada.png';
    mockApi(
      profileRoutes({ 'GET /api/v1/contacts/42': { body: contactProfile(42, { avatar_url: avatar, avatar_trusted: true }) } }),
    );
    renderApp('/contacts/42');

    await screen.findByRole('heading', { name: 'Ada Lovelace' });
    expect(document.querySelector('.profile-header img')).toHaveAttribute('src', avatar);
  });

  it('marks a custom-data value an unverified identify set as the visitor’s claim, and a verified one not', async () => {
    const profile = contactProfile(42, {
      custom_data: [
        {
          app_id: 1,
          app_name: 'Product Reviews',
          items: [
            { key: 'plan', value: 'enterprise', source: 'identify', verified: false, updated_at: '2026-11-24T10:05:00Z' },
            { key: 'seats', value: 12, source: 'api', verified: true, updated_at: '2026-11-24T10:05:00Z' },
          ],
        },
      ],
    });
    mockApi(profileRoutes({ 'GET /api/v1/contacts/42': { body: profile } }));
    renderApp('/contacts/42');

    const group = await screen.findByRole('region', { name: 'Custom data from Product Reviews' });
    const entry = (key: string) => within(group).getByRole('button', { name: `Delete ${key}` }).closest('p')!;

    const claimed = entry('plan');
    expect(within(claimed).getByText('Unverified')).toBeInTheDocument();
    expect(within(claimed).getByText('set by the visitor through an unverified identify, 2 hours ago')).toBeInTheDocument();

    const trusted = entry('seats');
    expect(within(trusted).queryByText('Unverified')).not.toBeInTheDocument();
    expect(within(trusted).getByText('set by the Product Reviews server through the API, 2 hours ago')).toBeInTheDocument();
  });

  it('shows how many events apps the agent does not operate sent, unless the timeline is filtered by name', async () => {
    const event = { id: 7, contact_id: 42, app_id: 1, name: 'plan_upgraded', occurred_at: '2026-11-24T09:00:00Z', properties: {}, created_at: '2026-11-24T09:00:00Z' };
    mockApi(
      profileRoutes({
        'GET /api/v1/contacts/42/events': { body: { items: [event], next_cursor: null, hidden_count: 3 } },
      }),
    );
    const { user } = renderApp('/contacts/42');

    const timeline = await screen.findByRole('region', { name: 'Events' });
    expect(await within(timeline).findByText('3 more events are from apps you don’t have access to.')).toBeInTheDocument();

    // The server counts hidden events of every name: under a filter, the number would overstate.
    await user.type(within(timeline).getByRole('combobox', { name: 'Event name' }), 'plan_upgraded');
    await within(timeline).findByText(/^plan_upgraded/, { selector: '.event-row__name' });
    await waitFor(() => expect(within(timeline).queryByText(/access to/)).not.toBeInTheDocument());
  });

  it("lists the contact's notes and adds one from the Notes card", async () => {
    const notes = [note(1, { contact_id: 42, editable: false, author: { id: 7, name: 'Dana Demo' } })];
    const { requests } = mockApi(
      profileRoutes({
        'GET /api/v1/contacts/42/notes': () => ({ body: { items: notes, next_cursor: null } }),
        'POST /api/v1/contacts/42/notes': ({ body }: { body: { body: string } }) => {
          const created = note(2, { contact_id: 42, body: body.body, created_at: '2026-11-24T12:05:00Z', updated_at: '2026-11-24T12:05:00Z' });
          notes.unshift(created);
          return { status: 201, body: created };
        },
      } as never),
    );
    const { user } = renderApp('/contacts/42');

    const card = await screen.findByRole('region', { name: 'Notes' });
    const first = await within(card).findByRole('listitem');
    expect(first).toHaveTextContent('Dana Demo');
    expect(within(first).queryByRole('button', { name: 'Edit note' })).not.toBeInTheDocument();
    await user.type(within(card).getByRole('textbox', { name: 'New note' }), 'Renewal call booked');
    await user.click(within(card).getByRole('button', { name: 'Add note' }));
    await waitFor(() => expect(within(card).getAllByRole('listitem')).toHaveLength(2));
    expect(within(card).getAllByRole('listitem')[0]).toHaveTextContent('Renewal call booked');
    expect(within(card).getAllByRole('listitem')[0]).toHaveTextContent('just now');
    expect(requests.find((r) => r.method === 'POST')?.body).toEqual({ body: 'Renewal call booked' });
  });

  it('shows a 422 inline, saves nothing, and reverts the field on Escape', async () => {
    const { requests } = mockApi(
      profileRoutes({
        'PATCH /api/v1/contacts/42': {
          status: 422,
          body: {
            error: { code: 'validation_failed', message: 'Invalid input', details: { fields: { email: 'is not a valid email' } } },
          },
        },
      }),
    );
    const { user } = renderApp('/contacts/42');
    await screen.findByRole('heading', { name: 'Ada Lovelace' });

    await user.click(screen.getByRole('button', { name: 'Edit Email' }));
    const input = screen.getByRole('textbox', { name: 'Email' });
    await user.clear(input);
    await user.type(input, 'not-an-email{Enter}');

    expect(await screen.findByRole('alert')).toHaveTextContent('Is not a valid email.');
    expect(input).toHaveAttribute('aria-invalid', 'true');
    const patch = requests.find((r) => r.method === 'PATCH');
    expect(patch?.body).toEqual({ email: 'not-an-email' });

    await user.keyboard('{Escape}');
    expect(screen.queryByRole('textbox', { name: 'Email' })).not.toBeInTheDocument();
    expect(within(screen.getByRole('region', { name: 'Details' })).getByText('ada@example.com')).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('shows a 409 (email taken) in place', async () => {
    mockApi(profileRoutes({ 'PATCH /api/v1/contacts/42': apiError(409, 'email_taken', 'Another contact has this email') }));
    const { user } = renderApp('/contacts/42');
    await screen.findByRole('heading', { name: 'Ada Lovelace' });

    await user.click(screen.getByRole('button', { name: 'Edit Email' }));
    const input = screen.getByRole('textbox', { name: 'Email' });
    await user.clear(input);
    await user.type(input, 'grace@example.com');
    await user.click(screen.getByRole('button', { name: 'Save' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('Another contact has this email');
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(within(screen.getByRole('region', { name: 'Details' })).getByText('ada@example.com')).toBeInTheDocument();
  });

  it('sends only the changed field, and a location part inside location', async () => {
    const { requests } = mockApi(profileRoutes({ 'PATCH /api/v1/contacts/42': { body: contact(42, { location: { city: 'Paris', region: null, country: 'GB' } }) } }));
    const { user } = renderApp('/contacts/42');
    await screen.findByRole('heading', { name: 'Ada Lovelace' });

    await user.click(screen.getByRole('button', { name: 'Edit City' }));
    const input = screen.getByRole('textbox', { name: 'City' });
    await user.clear(input);
    await user.type(input, 'Paris{Enter}');

    await screen.findByRole('button', { name: 'Edit City' });
    expect(requests.find((r) => r.method === 'PATCH')?.body).toEqual({ location: { city: 'Paris' } });
  });

  it('offers "Delete contact" to owners only', async () => {
    mockApi(profileRoutes({ 'GET /api/v1/me': { body: { ...demoMe, user: { ...demoMe.user, role: 'agent' } } } }));
    renderApp('/contacts/42');
    await screen.findByRole('heading', { name: 'Ada Lovelace' });
    expect(screen.queryByRole('button', { name: 'Delete contact' })).not.toBeInTheDocument();
  });

  it('shows "Contact not found" for a 404', async () => {
    mockApi({
      'GET /api/v1/me': { body: demoMe },
      'GET /api/v1/contacts/999': apiError(404, 'not_found', 'Contact not found'),
    });
    renderApp('/contacts/999');

    expect(await screen.findByText('Contact not found')).toBeInTheDocument();
  });

  it('treats a malformed id as not found without asking the API', async () => {
    const { requests } = mockApi({ 'GET /api/v1/me': { body: demoMe } });
    renderApp('/contacts/abc');

    expect(await screen.findByText('Contact not found')).toBeInTheDocument();
    expect(requests.map((r) => r.url.pathname).filter((path) => path !== '/api/v1/stream')).toEqual(['/api/v1/me']);
  });
});
