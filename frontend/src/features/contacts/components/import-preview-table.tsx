//! The dry run's answer: the first rows as they would be imported, each with what it would do and its errors.
import type { ImportPreview } from '@/api/types';

const ACTIONS = { create: 'New contact', update: 'Updates', unchanged: 'No change', failed: 'Skipped' } as const;

function scalar(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function ImportPreviewTable({ preview }: { preview: ImportPreview }) {
  return (
    <section className="import-preview" aria-label="Preview">
      <p>
        {preview.total_rows} rows in the file; the first {preview.rows.length} as they would be imported. Nothing has been
        written yet.
      </p>
      <table className="import-table">
        <thead>
          <tr>
            <th scope="col">Row</th>
            <th scope="col">Result</th>
            <th scope="col">Fields</th>
            <th scope="col">Tags</th>
            <th scope="col">Custom data</th>
            <th scope="col">Errors</th>
          </tr>
        </thead>
        <tbody>
          {preview.rows.map((row) => (
            <tr key={row.row} className={row.action === 'failed' ? 'import-table__failed' : undefined}>
              <td>{row.row}</td>
              <td>
                {ACTIONS[row.action]}
                {row.action === 'update' || row.action === 'unchanged' ? ` #${row.contact_id}` : ''}
              </td>
              <td>
                {Object.entries(row.fields)
                  .map(([field, value]) => `${field}: ${value}`)
                  .join(' · ')}
              </td>
              <td>{row.tags.join(', ')}</td>
              <td>{row.custom_data.map((c) => `${c.key}: ${scalar(c.value)}`).join(' · ')}</td>
              <td>
                {row.errors.map((e) => (
                  <div key={`${e.code}-${e.column ?? ''}`}>{e.column ? `${e.column}: ${e.message}` : e.message}</div>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
