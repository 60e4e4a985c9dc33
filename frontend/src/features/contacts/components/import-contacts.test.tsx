//! The import wizard: choose a file, columns pre-mapped from the header, preview with row errors, import, progress to done.
import { screen, waitFor, within } from '@testing-library/react';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ContactImport, ImportPreview } from '@/api/types';
import { contactSummary, demoApps, demoMe } from '@/testing/fixtures';
import { mockApi } from '@/testing/mock-fetch';
import { renderApp } from '@/testing/render-app';

// jsdom has no modal dialogs; opening one is all the wizard needs.
function showModal(this: HTMLDialogElement) {
  this.open = true;
}
function close(this: HTMLDialogElement) {
  this.open = false;
}

beforeAll(() => {
  HTMLDialogElement.prototype.showModal = showModal;
  HTMLDialogElement.prototype.close = close;
});

const CSV = 'email,Full name,tags,app:Product Reviews:plan\nada@example.com,Ada,vip,pro\nnot-an-email,Bad,,\n';

const preview: ImportPreview = {
  dry_run: true,
  total_rows: 2,
  columns: [],
  rows: [
    {
      row: 1,
      action: 'create',
      contact_id: null,
      fields: { email: 'ada@example.com', name: 'Ada' },
      tags: ['vip'],
      custom_data: [{ app_id: 1, key: 'plan', value: 'pro' }],
      errors: [],
    },
    {
      row: 2,
      action: 'failed',
      contact_id: null,
      fields: {},
      tags: [],
      custom_data: [],
      errors: [{ row: 2, column: 'email', code: 'invalid_field', message: 'email: must be a valid email address' }],
    },
  ],
};

function importView(overrides: Partial<ContactImport>): ContactImport {
  return {
    id: 5,
    status: 'queued',
    file_name: 'people.csv',
    created_by_user_id: 1,
    columns: [],
    total_rows: 2,
    processed_rows: 0,
    created_count: 0,
    updated_count: 0,
    unchanged_count: 0,
    failed_count: 0,
    errors: [],
    errors_dropped: 0,
    failure: null,
    created_at: '2026-12-02T10:00:00Z',
    started_at: null,
    finished_at: null,
    ...overrides,
  };
}

describe('contact import', () => {
  it('maps, previews, imports and follows the run to the end', async () => {
    let polls = 0;
    const { requests } = mockApi({
      'GET /api/v1/me': { body: demoMe },
      'GET /api/v1/apps': { body: { items: demoApps, next_cursor: null } },
      'GET /api/v1/contacts': { body: { items: [contactSummary(1, 'Grace Hopper')], next_cursor: null } },
      'POST /api/v1/contacts/imports': ({ url }) =>
        url.searchParams.get('dry_run') === 'true' ? { body: preview } : { status: 202, body: importView({}) },
      'GET /api/v1/contacts/imports/5': () => {
        polls += 1;
        return polls < 2
          ? { body: importView({ status: 'running', processed_rows: 1 }) }
          : {
              body: importView({
                status: 'done',
                processed_rows: 2,
                created_count: 1,
                failed_count: 1,
                errors: preview.rows[1]?.errors ?? [],
              }),
            };
      },
    });
    const { user } = renderApp('/contacts');
    await screen.findByRole('link', { name: 'Grace Hopper' });
    await user.click(screen.getByRole('button', { name: 'Import CSV' }));
    const dialog = screen.getByRole('dialog', { name: 'Import contacts' });
    await user.upload(within(dialog).getByLabelText('CSV file'), new File([CSV], 'people.csv', { type: 'text/csv' }));

    expect(await within(dialog).findByRole('combobox', { name: 'Import “email” as' })).toHaveValue('field:email');
    expect(within(dialog).getByRole('combobox', { name: 'Import “tags” as' })).toHaveValue('tags');
    expect(within(dialog).getByRole('combobox', { name: 'Import “app:Product Reviews:plan” as' })).toHaveValue('custom');
    expect(within(dialog).getByRole('combobox', { name: 'App for “app:Product Reviews:plan”' })).toHaveValue('1');
    expect(within(dialog).getByRole('combobox', { name: 'Import “Full name” as' })).toHaveValue('ignore');
    await user.selectOptions(within(dialog).getByRole('combobox', { name: 'Import “Full name” as' }), 'field:name');

    await user.click(within(dialog).getByRole('button', { name: 'Preview' }));
    expect(await within(dialog).findByText('email: email: must be a valid email address')).toBeInTheDocument();
    expect(within(dialog).getByText('New contact')).toBeInTheDocument();
    const dryRun = requests.find((r) => r.method === 'POST' && r.url.searchParams.get('dry_run') === 'true');
    expect(dryRun?.body).toBe(CSV);
    expect(dryRun?.headers.get('content-type')).toBe('text/csv');
    expect(JSON.parse(dryRun?.url.searchParams.get('mapping') ?? '{}')).toEqual({
      email: 'email',
      'Full name': 'name',
      tags: 'tags',
      'app:Product Reviews:plan': 'custom_data:1:plan',
    });

    const listCalls = () => requests.filter((r) => r.url.pathname === '/api/v1/contacts').length;
    const before = listCalls();
    await user.click(within(dialog).getByRole('button', { name: 'Import 2 rows' }));
    expect(await within(dialog).findByText('Import finished', {}, { timeout: 5000 })).toBeInTheDocument();
    expect(within(dialog).getByRole('table', { name: 'Rows not imported' })).toHaveTextContent('email: must be a valid email address');
    await waitFor(() => expect(listCalls()).toBeGreaterThan(before));
  });

  it('refuses a mapping without an email or external_id column before asking the server', async () => {
    const { requests } = mockApi({
      'GET /api/v1/me': { body: demoMe },
      'GET /api/v1/apps': { body: { items: demoApps, next_cursor: null } },
      'GET /api/v1/contacts': { body: { items: [], next_cursor: null } },
    });
    const { user } = renderApp('/contacts');
    await user.click(await screen.findByRole('button', { name: 'Import CSV' }));
    const dialog = screen.getByRole('dialog', { name: 'Import contacts' });
    await user.upload(within(dialog).getByLabelText('CSV file'), new File(['name\nAda\n'], 'n.csv', { type: 'text/csv' }));
    expect(await within(dialog).findByText(/Map a column to email or external_id/)).toBeInTheDocument();
    expect(within(dialog).getByRole('button', { name: 'Preview' })).toBeDisabled();
    expect(requests.some((r) => r.url.pathname === '/api/v1/contacts/imports')).toBe(false);
  });

  it('is offered to owners and admins only', async () => {
    mockApi({
      'GET /api/v1/me': { body: { ...demoMe, user: { ...demoMe.user, role: 'agent' } } },
      'GET /api/v1/contacts': { body: { items: [contactSummary(1, 'Grace Hopper')], next_cursor: null } },
    });
    renderApp('/contacts');
    await screen.findByRole('link', { name: 'Grace Hopper' });
    expect(screen.queryByRole('button', { name: 'Import CSV' })).not.toBeInTheDocument();
  });
});
