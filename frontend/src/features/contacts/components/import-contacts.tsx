//! "Import CSV" (owners and admins): choose a file, map its columns (pre-filled from the header),
//! preview the first rows with their errors (a dry run), import, and follow the run to the end.
import { useRef, useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import type { ApiError } from '@/api/api-error';
import { useApps } from '@/api/apps';
import type { App, ContactImport, ImportPreview } from '@/api/types';
import { Alert } from '@/components/ui/alert';
import { previewImport, startImport, type ImportUpload } from '../api/contact-imports';
import { mappingFor, mappingProblems, readHeader, selfTarget, type ColumnTarget } from '../utils/import-mapping';
import { ImportColumnsStep } from './import-columns-step';
import { ImportPreviewTable } from './import-preview-table';
import { ImportProgress } from './import-progress';
import './import-contacts.css';

type Chosen = { fileName: string; text: string; headers: string[] };

export function ImportContactsButton() {
  const dialog = useRef<HTMLDialogElement>(null);
  const [session, setSession] = useState(0);
  return (
    <>
      <button
        type="button"
        className="button"
        onClick={() => {
          setSession((n) => n + 1);
          dialog.current?.showModal();
        }}
      >
        Import CSV
      </button>
      <dialog ref={dialog} className="import-dialog" aria-labelledby="import-title">
        {/* A new wizard each time the dialog opens. */}
        {session > 0 ? <ImportWizard key={session} onClose={() => dialog.current?.close()} /> : null}
      </dialog>
    </>
  );
}

function ImportWizard({ onClose }: { onClose: () => void }) {
  const apps = useApps();
  const [chosen, setChosen] = useState<Chosen | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [targets, setTargets] = useState<ColumnTarget[]>([]);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [started, setStarted] = useState<ContactImport | null>(null);
  const appList: App[] = apps.data?.items ?? [];

  const upload = (): ImportUpload | null =>
    chosen ? { fileName: chosen.fileName, text: chosen.text, mapping: mappingFor(chosen.headers, targets) } : null;
  const dryRun = useMutation<ImportPreview, ApiError, ImportUpload>({ mutationFn: previewImport, onSuccess: setPreview });
  const run = useMutation<ContactImport, ApiError, ImportUpload>({ mutationFn: startImport, onSuccess: setStarted });

  const choose = async (file: File | undefined) => {
    setPreview(null);
    setFileError(null);
    if (!file) return;
    const text = await file.text();
    const headers = readHeader(text);
    if (headers.length === 0) {
      setChosen(null);
      setFileError('The file is empty: its first line must name the columns.');
      return;
    }
    setChosen({ fileName: file.name, text, headers });
    setTargets(headers.map((header) => selfTarget(header, appList)));
  };

  const problems = chosen ? mappingProblems(chosen.headers, targets) : [];

  return (
    <div className="import-wizard">
      <h2 id="import-title">Import contacts</h2>
      {started ? (
        <ImportProgress id={started.id} />
      ) : (
        <>
          <label className="import-wizard__file">
            <span>CSV file</span>
            <input type="file" accept=".csv,text/csv" onChange={(event) => void choose(event.target.files?.[0])} />
          </label>
          <p className="import-wizard__hint">
            Rows find their contact by external ID, then email; empty cells change nothing. An export from Convot imports
            as it is.
          </p>
          {fileError ? <Alert>{fileError}</Alert> : null}
          {chosen ? (
            <ImportColumnsStep
              headers={chosen.headers}
              targets={targets}
              apps={appList}
              onChange={(index, target) => {
                setPreview(null);
                setTargets((current) => current.map((t, i) => (i === index ? target : t)));
              }}
            />
          ) : null}
          {problems.length > 0 ? (
            <ul className="import-wizard__problems" aria-label="Fix before the preview">
              {problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          ) : null}
          {dryRun.isError ? <Alert>{dryRun.error.message}</Alert> : null}
          {run.isError ? <Alert>{run.error.message}</Alert> : null}
          {preview ? <ImportPreviewTable preview={preview} /> : null}
        </>
      )}
      <div className="import-wizard__actions">
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
        {!started && chosen ? (
          <button
            type="button"
            className="button"
            disabled={problems.length > 0 || dryRun.isPending}
            onClick={() => {
              const next = upload();
              if (next) dryRun.mutate(next);
            }}
          >
            {dryRun.isPending ? 'Previewing…' : 'Preview'}
          </button>
        ) : null}
        {!started && preview ? (
          <button
            type="button"
            className="button button--primary"
            disabled={run.isPending}
            onClick={() => {
              const next = upload();
              if (next) run.mutate(next);
            }}
          >
            {run.isPending ? 'Starting…' : `Import ${preview.total_rows} rows`}
          </button>
        ) : null}
      </div>
    </div>
  );
}
