//! The import wizard's column mapping: the CSV header read in the browser, each column's target
//! pre-filled by the server's self-mapping rules (docs/decisions.md "Contact CSV import"), and the
//! `mapping` sent with the upload (every column spelled out, so the server imports what was shown).
import type { App } from '@/api/types';

export const IMPORT_FIELDS = [
  'email',
  'external_id',
  'name',
  'phone',
  'company',
  'city',
  'region',
  'country',
  'time_zone',
  'shopify_domain',
  'avatar_url',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

export type ColumnTarget =
  | { kind: 'field'; field: ImportField }
  | { kind: 'tags' }
  | { kind: 'custom'; appId: number | null; key: string }
  | { kind: 'ignore' };

/** The first record of a CSV (RFC 4180 quoting), without a byte-order mark. */
export function readHeader(text: string): string[] {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < source.length; i += 1) {
    const c = source[i];
    if (quoted) {
      if (c === '"' && source[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      cells.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') break;
    else cell += c;
  }
  cells.push(cell);
  return cells.length === 1 && cells[0] === '' ? [] : cells;
}

/** What a header names by itself, as the server reads it. */
export function selfTarget(header: string, apps: App[]): ColumnTarget {
  const name = header.trim();
  const lower = name.toLowerCase();
  if (name.startsWith('app:') && !name.endsWith(':provenance')) {
    const rest = name.slice(4);
    for (let at = rest.indexOf(':'); at >= 0; at = rest.indexOf(':', at + 1)) {
      const app = apps.find((a) => a.name === rest.slice(0, at));
      const key = rest.slice(at + 1);
      if (app && key) return { kind: 'custom', appId: app.id, key };
    }
    return { kind: 'custom', appId: null, key: rest.split(':').slice(1).join(':') };
  }
  const custom = /^custom_data:(\d+):(.+)$/.exec(name);
  if (custom) return { kind: 'custom', appId: Number(custom[1]), key: custom[2] ?? '' };
  if (lower === 'tags') return { kind: 'tags' };
  const field = IMPORT_FIELDS.find((f) => f === lower);
  return field ? { kind: 'field', field } : { kind: 'ignore' };
}

export function targetSpelling(target: ColumnTarget): string {
  switch (target.kind) {
    case 'field':
      return target.field;
    case 'tags':
      return 'tags';
    case 'custom':
      return `custom_data:${target.appId ?? ''}:${target.key}`;
    case 'ignore':
      return 'ignore';
  }
}

/** Problems to fix before the preview: a custom-data column without app or key, two columns on one target. */
export function mappingProblems(headers: string[], targets: ColumnTarget[]): string[] {
  const problems: string[] = [];
  const seen = new Map<string, string>();
  targets.forEach((target, index) => {
    const column = headers[index] ?? '';
    if (target.kind === 'custom' && (target.appId === null || !target.key.trim())) {
      problems.push(`“${column}”: choose an app and a key for its custom data`);
      return;
    }
    if (target.kind === 'ignore') return;
    const spelling = targetSpelling(target);
    const other = seen.get(spelling);
    if (other !== undefined) problems.push(`“${other}” and “${column}” both fill ${spelling}`);
    else seen.set(spelling, column);
  });
  if (!targets.some((t) => t.kind === 'field' && (t.field === 'email' || t.field === 'external_id'))) {
    problems.push('Map a column to email or external_id, so rows can find their contacts');
  }
  return problems;
}

/** The request's `mapping`: every column with the target chosen for it. */
export function mappingFor(headers: string[], targets: ColumnTarget[]): Record<string, string> {
  return Object.fromEntries(headers.map((header, index) => [header, targetSpelling(targets[index] ?? { kind: 'ignore' })]));
}
