//! The mapping step: each CSV column with what it fills (a field, tags, custom data of an app, or nothing).
import type { App } from '@/api/types';
import { IMPORT_FIELDS, type ColumnTarget, type ImportField } from '../utils/import-mapping';

const FIELD_LABELS: Record<ImportField, string> = {
  email: 'Email',
  external_id: 'External ID',
  name: 'Name',
  phone: 'Phone',
  company: 'Company',
  city: 'City',
  region: 'Region',
  country: 'Country',
  time_zone: 'Time zone',
  shopify_domain: 'Shopify domain',
  avatar_url: 'Avatar URL',
};

function optionOf(target: ColumnTarget): string {
  return target.kind === 'field' ? `field:${target.field}` : target.kind;
}

function fromOption(option: string, previous: ColumnTarget, header: string): ColumnTarget {
  if (option.startsWith('field:')) return { kind: 'field', field: option.slice(6) as ImportField };
  if (option === 'tags') return { kind: 'tags' };
  if (option === 'custom') return previous.kind === 'custom' ? previous : { kind: 'custom', appId: null, key: header.trim() };
  return { kind: 'ignore' };
}

type Props = {
  headers: string[];
  targets: ColumnTarget[];
  apps: App[];
  onChange: (index: number, target: ColumnTarget) => void;
};

export function ImportColumnsStep({ headers, targets, apps, onChange }: Props) {
  return (
    <table className="import-columns">
      <caption>Columns</caption>
      <thead>
        <tr>
          <th scope="col">Column</th>
          <th scope="col">Imports as</th>
        </tr>
      </thead>
      <tbody>
        {headers.map((header, index) => {
          const target: ColumnTarget = targets[index] ?? { kind: 'ignore' };
          const label = header.trim() || `Column ${index + 1}`;
          return (
            <tr key={`${index}-${header}`}>
              <th scope="row">{label}</th>
              <td>
                <div className="import-columns__target">
                  <select
                    aria-label={`Import “${label}” as`}
                    value={optionOf(target)}
                    onChange={(event) => onChange(index, fromOption(event.target.value, target, header))}
                  >
                    <optgroup label="Field">
                      {IMPORT_FIELDS.map((field) => (
                        <option key={field} value={`field:${field}`}>
                          {FIELD_LABELS[field]}
                        </option>
                      ))}
                    </optgroup>
                    <option value="tags">Tags (comma-separated)</option>
                    <option value="custom">Custom data of an app…</option>
                    <option value="ignore">Don’t import</option>
                  </select>
                  {target.kind === 'custom' ? (
                    <>
                      <select
                        aria-label={`App for “${label}”`}
                        value={target.appId ?? ''}
                        onChange={(event) =>
                          onChange(index, { ...target, appId: event.target.value ? Number(event.target.value) : null })
                        }
                      >
                        <option value="">Choose an app</option>
                        {apps.map((app) => (
                          <option key={app.id} value={app.id}>
                            {app.name}
                          </option>
                        ))}
                      </select>
                      <input
                        aria-label={`Key for “${label}”`}
                        value={target.key}
                        maxLength={64}
                        onChange={(event) => onChange(index, { ...target, key: event.target.value })}
                      />
                    </>
                  ) : null}
                </div>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
