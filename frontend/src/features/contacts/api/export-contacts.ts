//! GET /contacts/export.csv, read as a stream: rows are counted as they arrive (the server
//! cannot know the total before it has written it), then the whole file becomes one Blob.
import { networkError, toApiError } from '@/api/api-error';
import { attachmentName } from '@/lib/download';
import { getSessionToken } from '@/lib/session';
import { CsvRecordCounter } from '../utils/csv-record-counter';

export type ContactsExportFilter = { q: string; tag: string; provenance: boolean };
export type ExportProgress = { rows: number; bytes: number };
export type ContactsExport = ExportProgress & { blob: Blob; filename: string };

export function exportPath({ q, tag, provenance }: ContactsExportFilter): string {
  const params = new URLSearchParams();
  if (q) params.set('q', q);
  if (tag) params.set('tag', tag);
  if (provenance) params.set('provenance', 'true');
  const query = params.toString();
  return `/api/v1/contacts/export.csv${query ? `?${query}` : ''}`;
}

/** Streams the export; rejects with an ApiError (or the AbortError of `signal`). */
export async function exportContacts(
  filter: ContactsExportFilter,
  { signal, onProgress }: { signal: AbortSignal; onProgress: (progress: ExportProgress) => void },
): Promise<ContactsExport> {
  const headers = new Headers();
  const token = getSessionToken();
  if (token) headers.set('Authorization', `Bearer ${token}`);
  let response: Response;
  try {
    response = await globalThis.fetch(`${window.location.origin}${exportPath(filter)}`, { headers, signal });
  } catch (cause) {
    if (signal.aborted) throw cause;
    throw networkError(cause);
  }
  if (!response.ok || !response.body) {
    const body: unknown = await response.json().catch(() => undefined);
    throw toApiError(response.status, body);
  }
  const reader = response.body.getReader();
  // Cancel stops the read at once, whether or not the fetch itself still listens to the signal.
  const stop = () => void reader.cancel().catch(() => undefined);
  signal.addEventListener('abort', stop, { once: true });
  const decoder = new TextDecoder();
  const counter = new CsvRecordCounter();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      bytes += value.byteLength;
      counter.push(decoder.decode(value, { stream: true }));
      onProgress({ rows: Math.max(counter.records - 1, 0), bytes });
    }
    if (signal.aborted) throw new DOMException('The export was cancelled', 'AbortError');
  } catch (cause) {
    if (signal.aborted) throw cause;
    // The server ends the body early when it fails mid-way: never hand out half a file.
    const error = networkError(cause);
    error.message = 'The export was interrupted before it finished. Please try again.';
    throw error;
  } finally {
    signal.removeEventListener('abort', stop);
  }
  const rows = Math.max(counter.records - 1, 0);
  const filename = attachmentName(response.headers.get('Content-Disposition'), 'contacts.csv');
  return { blob: new Blob(chunks as BlobPart[], { type: 'text/csv' }), filename, rows, bytes };
}
