//! The contact profile placeholder: details, 404, malformed ids.
import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { contact, demoMe } from '@/testing/fixtures';
import { apiError, mockApi } from '@/testing/mock-fetch';
import { renderApp } from '@/testing/render-app';

describe('contact profile', () => {
  it("shows the contact's name, email and company", async () => {
    mockApi({
      'GET /api/v1/me': { body: demoMe },
      'GET /api/v1/contacts/42': { body: contact(42) },
    });
    renderApp('/contacts/42');

    expect(await screen.findByRole('heading', { name: 'Ada Lovelace' })).toBeInTheDocument();
    expect(screen.getByText('ada@example.com')).toBeInTheDocument();
    expect(screen.getByText('Analytical Engines Ltd')).toBeInTheDocument();
    expect(screen.getByText('London, GB')).toBeInTheDocument();
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
    expect(requests.map((r) => r.url.pathname)).toEqual(['/api/v1/me']);
  });
});
