//! A running import, polled until it ends: progress, counts, and the rows that were skipped and why.
import { Alert } from '@/components/ui/alert';
import { Spinner } from '@/components/ui/spinner';
import { useImportProgress } from '../api/contact-imports';

const STATUS = { queued: 'Waiting to start…', running: 'Importing…', done: 'Import finished', failed: 'Import failed' } as const;

export function ImportProgress({ id }: { id: number }) {
  const progress = useImportProgress(id);
  if (progress.isPending) return <Spinner label="Starting the import…" />;
  if (progress.isError) return <Alert>{progress.error.message}</Alert>;
  const run = progress.data;
  return (
    <section className="import-progress" aria-label="Import progress">
      <p role="status">
        <strong>{STATUS[run.status]}</strong> {run.processed_rows} of {run.total_rows} rows
      </p>
      <progress max={run.total_rows} value={run.processed_rows} aria-label="Rows imported" />
      <dl className="import-progress__counts">
        <dt>Created</dt>
        <dd>{run.created_count}</dd>
        <dt>Updated</dt>
        <dd>{run.updated_count}</dd>
        <dt>Unchanged</dt>
        <dd>{run.unchanged_count}</dd>
        <dt>Skipped</dt>
        <dd>{run.failed_count}</dd>
      </dl>
      {run.failure ? <Alert>{run.failure}</Alert> : null}
      {run.errors.length > 0 ? (
        <table className="import-table">
          <caption>Rows not imported</caption>
          <thead>
            <tr>
              <th scope="col">Row</th>
              <th scope="col">Column</th>
              <th scope="col">Problem</th>
            </tr>
          </thead>
          <tbody>
            {run.errors.map((e, index) => (
              <tr key={`${e.row}-${index}`}>
                <td>{e.row}</td>
                <td>{e.column ?? '—'}</td>
                <td>{e.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {run.errors_dropped > 0 ? <p>…and {run.errors_dropped} more rows with errors.</p> : null}
    </section>
  );
}
