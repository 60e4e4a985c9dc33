import { describe, expect, it } from 'vitest';
import { mergeFields, parseCommand } from './commands';

describe('parseCommand (Crisp-style push)', () => {
  it('maps the user:* setters to identify fields', () => {
    expect(parseCommand(['set', 'user:email', ['ada@example.com']])).toEqual({ kind: 'set', fields: { email: 'ada@example.com' } });
    expect(parseCommand(['set', 'user:nickname', ['Ada Lovelace']])).toEqual({ kind: 'set', fields: { name: 'Ada Lovelace' } });
    expect(parseCommand(['set', 'user:phone', ['+44 20 7946 0000']])).toEqual({ kind: 'set', fields: { phone: '+44 20 7946 0000' } });
    expect(parseCommand(['set', 'user:avatar', ['https://example.com/a.png']])).toEqual({
      kind: 'set',
      fields: { avatar_url: 'https://example.com/a.png' },
    });
  });

  it("keeps only the company name from Crisp's [name, {url, …}]", () => {
    expect(parseCommand(['set', 'user:company', ['Analytical Engines', { url: 'https://ae.example' }]])).toEqual({
      kind: 'set',
      fields: { company: 'Analytical Engines' },
    });
  });

  it("takes Crisp's email signature as the user_hash", () => {
    expect(parseCommand(['set', 'user:email', ['ada@example.com', 'ab12']])).toEqual({
      kind: 'set',
      fields: { email: 'ada@example.com', user_hash: 'ab12' },
    });
  });

  it('maps session:data pairs to custom_data, in every shape Crisp accepts', () => {
    const expected = { kind: 'set', fields: { custom_data: { plan: 'pro', seats: 3, trial: false, gone: null } } };
    expect(parseCommand(['set', 'session:data', [[['plan', 'pro'], ['seats', 3], ['trial', false], ['gone', null]]]])).toEqual(expected);
    expect(parseCommand(['set', 'session:data', [{ plan: 'pro', seats: 3, trial: false, gone: null }]])).toEqual(expected);
    expect(parseCommand(['set', 'session:data', ['plan', 'pro']])).toEqual({ kind: 'set', fields: { custom_data: { plan: 'pro' } } });
    expect(parseCommand(['set', 'session:data', [['plan', 'pro']]])).toEqual({ kind: 'set', fields: { custom_data: { plan: 'pro' } } });
  });

  it('maps identify and message:send', () => {
    expect(parseCommand(['identify', { email: 'ada@example.com', name: 'Ada' }])).toEqual({
      kind: 'identify',
      payload: { email: 'ada@example.com', name: 'Ada' },
    });
    expect(parseCommand(['do', 'message:send', ['Hello!']])).toEqual({ kind: 'message', content: 'Hello!' });
    expect(parseCommand(['do', 'message:send', ['text', 'Hello!']])).toEqual({ kind: 'message', content: 'Hello!' });
  });

  it('rejects what it cannot map, with a reason', () => {
    for (const command of [
      'identify',
      [],
      ['identify', 'ada@example.com'],
      ['set', 'user:email', [42]],
      ['set', 'user:unknown', ['x']],
      ['set', 'session:data', [[['nested', { a: 1 }]]]],
      ['do', 'message:send', [{}]],
      ['do', 'chat:open'],
    ]) {
      expect({ command, kind: parseCommand(command).kind }).toEqual({ command, kind: 'invalid' });
    }
  });
});

describe('mergeFields', () => {
  it('lets later fields win and merges custom_data keys', () => {
    expect(
      mergeFields({ email: 'a@example.com', custom_data: { plan: 'free', seats: 1 } }, { email: 'b@example.com', custom_data: { plan: 'pro' } }),
    ).toEqual({ email: 'b@example.com', custom_data: { plan: 'pro', seats: 1 } });
  });
});
