//! The server-sent-events parser: fields, split chunks, comments and line endings.
import { describe, expect, it } from 'vitest';
import { createSseParser, type ServerSentEvent } from './sse';

function parse(chunks: string[]): ServerSentEvent[] {
  const events: ServerSentEvent[] = [];
  const parser = createSseParser((event) => events.push(event));
  for (const chunk of chunks) parser.push(chunk);
  return events;
}

describe('server-sent events parser', () => {
  it('reads event, data, id and retry fields', () => {
    expect(parse(['retry: 3000\nevent: ready\ndata: {}\n\nid: 7\nevent: change\ndata: {"kind":"tags"}\n\n'])).toEqual([
      { event: 'ready', data: '{}', id: null, retry: 3000 },
      { event: 'change', data: '{"kind":"tags"}', id: '7', retry: null },
    ]);
  });

  it('joins events split across chunks, even inside a CRLF', () => {
    expect(parse(['id: 1\r', '\nevent: cha', 'nge\r\ndata: a\r\ndata: b\r\n', '\r\n'])).toEqual([
      { event: 'change', data: 'a\nb', id: '1', retry: null },
    ]);
  });

  it('ignores comments and waits for the blank line', () => {
    expect(parse([': keep-alive\n\n', 'data: x\n'])).toEqual([]);
  });
});
