//! POST /contacts/imports (dry run or queued) and GET /contacts/imports/{id}, polled until the run ends.
import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { api, unwrap } from '@/api/client';
import type { ContactImport, ImportPreview } from '@/api/types';
import { tagKeys } from '@/components/tags/tag-library';
import { contactKeys } from './query-keys';

export type ImportUpload = { fileName: string; text: string; mapping: Record<string, string> };

function post(upload: ImportUpload, dryRun: boolean) {
  return api.POST('/api/v1/contacts/imports', {
    params: {
      query: { dry_run: dryRun || undefined, mapping: JSON.stringify(upload.mapping), file_name: upload.fileName },
    },
    // Sent as the text/csv body: the file was read already to show its columns.
    body: upload.text as never,
    bodySerializer: (body: unknown) => body as string,
    headers: { 'Content-Type': 'text/csv' },
  });
}

export function previewImport(upload: ImportUpload): Promise<ImportPreview> {
  return unwrap(post(upload, true)) as Promise<ImportPreview>;
}

export function startImport(upload: ImportUpload): Promise<ContactImport> {
  return unwrap(post(upload, false)) as Promise<ContactImport>;
}

export const importKeys = {
  detail: (id: number) => ['contact-imports', id] as const,
};

const POLL_MS = 1000;

export function importQueryOptions(id: number) {
  return queryOptions({
    queryKey: importKeys.detail(id),
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/contacts/imports/{id}', { params: { path: { id } }, signal })),
    refetchInterval: (query) => {
      const status = query.state.data?.status;
      return status === 'done' || status === 'failed' ? false : POLL_MS;
    },
  });
}

/** The import, polled until it is done or failed; then the contact list is refetched. */
export function useImportProgress(id: number) {
  const queryClient = useQueryClient();
  const progress = useQuery(importQueryOptions(id));
  const finished = progress.data?.status === 'done' || progress.data?.status === 'failed';
  useEffect(() => {
    if (finished) {
      void queryClient.invalidateQueries({ queryKey: contactKeys.lists() });
      void queryClient.invalidateQueries({ queryKey: tagKeys.all });
    }
  }, [finished, queryClient]);
  return progress;
}
