//! The wizard's header reading and self-mapping follow the server's rules.
import { describe, expect, it } from 'vitest';
import { demoApps } from '@/testing/fixtures';
import { mappingFor, mappingProblems, readHeader, selfTarget, type ColumnTarget } from './import-mapping';

describe('import mapping', () => {
  it('reads a quoted header and drops a byte-order mark', () => {
    expect(readHeader('\uFEFFemail,"Full, name","say ""hi"""\r\na,b,c')).toEqual(['email', 'Full, name', 'say "hi"']);
    expect(readHeader('')).toEqual([]);
  });

  it('maps the export columns themselves', () => {
    const [reviews] = demoApps;
    if (!reviews) throw new Error('the fixtures have apps');
    expect(selfTarget('Email', demoApps)).toEqual({ kind: 'field', field: 'email' });
    expect(selfTarget('tags', demoApps)).toEqual({ kind: 'tags' });
    expect(selfTarget(`app:${reviews.name}:plan`, demoApps)).toEqual({ kind: 'custom', appId: reviews.id, key: 'plan' });
    expect(selfTarget(`app:${reviews.name}:plan:provenance`, demoApps)).toEqual({ kind: 'ignore' });
    expect(selfTarget('id', demoApps)).toEqual({ kind: 'ignore' });
    expect(selfTarget('app:Nope:plan', demoApps)).toEqual({ kind: 'custom', appId: null, key: 'plan' });
  });

  it('names what to fix and spells out every column', () => {
    const headers = ['E-mail', 'Also e-mail', 'Plan'];
    const targets: ColumnTarget[] = [
      { kind: 'field', field: 'email' },
      { kind: 'field', field: 'email' },
      { kind: 'custom', appId: null, key: 'plan' },
    ];
    expect(mappingProblems(headers, targets)).toEqual([
      '“E-mail” and “Also e-mail” both fill email',
      '“Plan”: choose an app and a key for its custom data',
    ]);
    expect(mappingProblems(['x'], [{ kind: 'ignore' }])).toEqual([
      'Map a column to email or external_id, so rows can find their contacts',
    ]);
    expect(mappingFor(['E-mail', 'Plan'], [{ kind: 'field', field: 'email' }, { kind: 'custom', appId: 7, key: 'plan' }])).toEqual({
      'E-mail': 'email',
      Plan: 'custom_data:7:plan',
    });
  });
});
