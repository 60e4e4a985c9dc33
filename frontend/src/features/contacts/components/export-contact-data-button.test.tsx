//! The profile's "Export data (JSON)": owners and admins download the access-request document.
import { screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { contactProfile, demoMe, demoTags } from '@/testing/fixtures';
import { apiError, mockApi } from '@/testing/mock-fetch';
import { renderApp } from '@/testing/render-app';

const emptyList = { body: { items: [], next_cursor: null } };

function routes(me = demoMe, document: { status?: number; body?: unknown } = { body: { schema_version: 1, profile: { id: 42 } } }) {
  return {
    'GET /api/v1/me': { body: me },
    'GET /api/v1/contacts/42': { body: contactProfile(42) },
    'GET /api/v1/contacts/42/conversations': emptyList,
    'GET /api/v1/contacts/42/events': { body: { items: [], next_cursor: null, hidden_count: 0 } },
    'GET /api/v1/tags': { body: { items: demoTags, next_cursor: null } },
    'GET /api/v1/contacts/42/export.json': document,
  };
}

describe('contact data export', () => {
  afterEach(() => vi.restoreAllMocks());

  it('downloads the access-request document as a JSON file', async () => {
    const blobs: Blob[] = [];
    vi.stubGlobal(
      'URL',
      Object.assign(URL, {
        createObjectURL: vi.fn<(blob: Blob) => string>((blob) => {
          blobs.push(blob);
          return 'blob:contact';
        }),
        revokeObjectURL: vi.fn<() => void>(),
      }),
    );
    const names: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      names.push(this.download);
    });
    mockApi(routes());
    const { user } = renderApp('/contacts/42');
    await user.click(await screen.findByRole('button', { name: 'Export data (JSON)' }));
    await waitFor(() => expect(names).toHaveLength(1));
    expect(names[0]).toMatch(/^contact-42-\d{4}-\d{2}-\d{2}\.json$/);
    const [blob] = blobs;
    expect(JSON.parse(await blob!.text())).toEqual({ schema_version: 1, profile: { id: 42 } });
  });

  it('shows the server’s refusal', async () => {
    mockApi(routes(demoMe, apiError(403, 'forbidden', 'Only owners and admins may do this')));
    const { user } = renderApp('/contacts/42');
    await user.click(await screen.findByRole('button', { name: 'Export data (JSON)' }));
    // The profile has other alerts (the merge action's); the export's is the one saying why.
    await waitFor(() =>
      expect(screen.getAllByRole('alert').map((alert) => alert.textContent)).toContainEqual(
        expect.stringContaining('Only owners and admins may do this'),
      ),
    );
  });

  it('is not offered to agents', async () => {
    mockApi(routes({ ...demoMe, user: { ...demoMe.user, role: 'agent' } }));
    renderApp('/contacts/42');
    await screen.findByRole('heading', { name: 'Ada Lovelace' });
    expect(screen.queryByRole('button', { name: 'Export data (JSON)' })).not.toBeInTheDocument();
  });
});
