//! The contacts list's "Export CSV": current filter, progress while streaming, cancel, download.
import { screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { contactSummary, demoMe } from '@/testing/fixtures';
import { mockApi } from '@/testing/mock-fetch';
import { renderApp } from '@/testing/render-app';

const agentMe = { ...demoMe, user: { ...demoMe.user, role: 'agent' as const } };

/** A CSV body whose chunks arrive when the test releases them. */
function controlledCsv() {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({ start: (c) => (controller = c) });
  const encoder = new TextEncoder();
  return {
    response: () =>
      new Response(body, {
        headers: {
          'Content-Type': 'text/csv; charset=utf-8',
          'Content-Disposition': 'attachment; filename="contacts-2026-12-02.csv"',
        },
      }),
    send: (text: string) => controller.enqueue(encoder.encode(text)),
    end: () => controller.close(),
    fail: () => controller.error(new TypeError('network error')),
  };
}

function withExport(fetchMock: ReturnType<typeof mockApi>['fetchMock'], reply: () => Response, seen: URL[]) {
  const original = fetchMock.getMockImplementation()!;
  fetchMock.mockImplementation(async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.pathname === '/api/v1/contacts/export.csv') {
      seen.push(url);
      const signal = init?.signal ?? (input instanceof Request ? input.signal : undefined);
      if (signal?.aborted) throw new DOMException('aborted', 'AbortError');
      return reply();
    }
    return original(input, init);
  });
}

describe('contacts export', () => {
  const saved: { name: string; href: string }[] = [];
  beforeEach(() => {
    saved.length = 0;
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: vi.fn<() => string>(() => 'blob:export'), revokeObjectURL: vi.fn<() => void>() }));
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved.push({ name: this.download, href: this.href });
    });
  });
  afterEach(() => vi.restoreAllMocks());

  it('exports the current filter, counts rows as they stream, then saves the file', async () => {
    const { fetchMock } = mockApi({
      'GET /api/v1/me': { body: demoMe },
      'GET /api/v1/tags': { body: { items: [], next_cursor: null } },
      'GET /api/v1/contacts': { body: { items: [contactSummary(1, 'Ada Lovelace')], next_cursor: null } },
    });
    const csv = controlledCsv();
    const seen: URL[] = [];
    withExport(fetchMock, csv.response, seen);
    const { user } = renderApp('/contacts?q=ada&tag=vip');
    await screen.findByRole('link', { name: 'Ada Lovelace' });

    await user.click(screen.getByRole('checkbox', { name: 'Include provenance' }));
    await user.click(screen.getByRole('button', { name: 'Export CSV' }));
    await waitFor(() => expect(seen).toHaveLength(1));
    const [url] = seen;
    expect(url?.searchParams.get('q')).toBe('ada');
    expect(url?.searchParams.get('tag')).toBe('vip');
    expect(url?.searchParams.get('provenance')).toBe('true');

    csv.send('id,email,name\r\n1,ada@example.com,"Ada\r\nLovelace"\r\n2,grace@example.com,Grace\r\n');
    expect(await screen.findByText('Exporting… 2 contacts')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Cancel export' })).toBeInTheDocument();
    csv.send('3,alan@example.com,Alan\r\n');
    csv.end();

    expect(await screen.findByText('Exported 3 contacts')).toBeInTheDocument();
    expect(saved).toEqual([{ name: 'contacts-2026-12-02.csv', href: 'blob:export' }]);
    expect(screen.getByRole('button', { name: 'Export CSV' })).toBeInTheDocument();
  });

  it('cancels a running export without saving anything', async () => {
    const { fetchMock } = mockApi({
      'GET /api/v1/me': { body: demoMe },
      'GET /api/v1/tags': { body: { items: [], next_cursor: null } },
      'GET /api/v1/contacts': { body: { items: [contactSummary(1, 'Ada Lovelace')], next_cursor: null } },
    });
    const csv = controlledCsv();
    withExport(fetchMock, csv.response, []);
    const { user } = renderApp('/contacts');
    await screen.findByRole('link', { name: 'Ada Lovelace' });
    await user.click(screen.getByRole('button', { name: 'Export CSV' }));
    csv.send('id\r\n1\r\n');
    await screen.findByText('Exporting… 1 contact');
    await user.click(screen.getByRole('button', { name: 'Cancel export' }));
    expect(await screen.findByRole('button', { name: 'Export CSV' })).toBeInTheDocument();
    expect(screen.queryByText(/Exported/)).not.toBeInTheDocument();
    expect(saved).toEqual([]);
  });

  it('says so when the download is cut off, and saves nothing', async () => {
    const { fetchMock } = mockApi({
      'GET /api/v1/me': { body: demoMe },
      'GET /api/v1/tags': { body: { items: [], next_cursor: null } },
      'GET /api/v1/contacts': { body: { items: [contactSummary(1, 'Ada Lovelace')], next_cursor: null } },
    });
    const csv = controlledCsv();
    withExport(fetchMock, csv.response, []);
    const { user } = renderApp('/contacts');
    await screen.findByRole('link', { name: 'Ada Lovelace' });
    await user.click(screen.getByRole('button', { name: 'Export CSV' }));
    csv.send('id\r\n1\r\n');
    await screen.findByText('Exporting… 1 contact');
    csv.fail();
    expect(await screen.findByRole('alert')).toHaveTextContent('The export was interrupted');
    expect(saved).toEqual([]);
  });

  it('is not offered to agents', async () => {
    mockApi({
      'GET /api/v1/me': { body: agentMe },
      'GET /api/v1/tags': { body: { items: [], next_cursor: null } },
      'GET /api/v1/contacts': { body: { items: [contactSummary(1, 'Ada Lovelace')], next_cursor: null } },
    });
    renderApp('/contacts');
    await screen.findByRole('link', { name: 'Ada Lovelace' });
    expect(screen.queryByRole('button', { name: 'Export CSV' })).not.toBeInTheDocument();
  });
});
