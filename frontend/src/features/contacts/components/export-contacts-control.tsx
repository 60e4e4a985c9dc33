//! "Export CSV" on the contacts list (owners and admins): exports the current search and tag
//! filter, counting rows as they stream in, with a cancel; then saves the file.
import { useEffect, useRef, useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { saveBlob } from '@/lib/download';
import { exportContacts, type ExportProgress } from '../api/export-contacts';

type ExportState =
  | { phase: 'idle' }
  | ({ phase: 'running' } & ExportProgress)
  | { phase: 'done'; rows: number }
  | { phase: 'failed'; message: string };

const count = new Intl.NumberFormat('en-US');

function contactsLabel(rows: number): string {
  return `${count.format(rows)} ${rows === 1 ? 'contact' : 'contacts'}`;
}

export function ExportContactsControl({ q, tag }: { q: string; tag: string }) {
  const [provenance, setProvenance] = useState(false);
  const [state, setState] = useState<ExportState>({ phase: 'idle' });
  const controller = useRef<AbortController | null>(null);
  // Leaving the page stops a running export instead of letting it finish unseen.
  useEffect(() => () => controller.current?.abort(), []);

  const start = async () => {
    const abort = new AbortController();
    controller.current = abort;
    setState({ phase: 'running', rows: 0, bytes: 0 });
    try {
      const result = await exportContacts(
        { q, tag, provenance },
        { signal: abort.signal, onProgress: (progress) => setState({ phase: 'running', ...progress }) },
      );
      saveBlob(result.blob, result.filename);
      setState({ phase: 'done', rows: result.rows });
    } catch (error) {
      if (abort.signal.aborted) setState({ phase: 'idle' });
      else setState({ phase: 'failed', message: error instanceof Error ? error.message : String(error) });
    } finally {
      if (controller.current === abort) controller.current = null;
    }
  };

  const running = state.phase === 'running';
  return (
    <div className="contacts-export" aria-label="Export contacts" role="group">
      <label className="contacts-export__provenance">
        <input type="checkbox" checked={provenance} disabled={running} onChange={(e) => setProvenance(e.target.checked)} />
        Include provenance
      </label>
      {running ? (
        <>
          <span className="contacts-export__progress" role="status">
            Exporting… {contactsLabel(state.rows)}
          </span>
          <button type="button" className="button button--small" onClick={() => controller.current?.abort()}>
            Cancel export
          </button>
        </>
      ) : (
        <button type="button" className="button button--small" onClick={() => void start()}>
          Export CSV
        </button>
      )}
      {state.phase === 'done' ? (
        <span className="contacts-export__progress" role="status">
          Exported {contactsLabel(state.rows)}
        </span>
      ) : null}
      {state.phase === 'failed' ? <Alert>{state.message}</Alert> : null}
    </div>
  );
}
