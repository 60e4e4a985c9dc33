//! A server-sent-events parser for a fetch body (EventSource cannot send an Authorization header).

export type ServerSentEvent = { event: string; data: string; id: string | null; retry: number | null };

/** Incremental parser: feed it decoded text chunks; it calls `onEvent` for every complete event. */
export function createSseParser(onEvent: (event: ServerSentEvent) => void) {
  let buffer = '';
  let event = '';
  let data: string[] = [];
  let id: string | null = null;
  let retry: number | null = null;

  const dispatch = () => {
    if (data.length > 0 || event !== '') {
      onEvent({ event: event || 'message', data: data.join('\n'), id, retry });
    }
    event = '';
    data = [];
    id = null;
    retry = null;
  };

  const line = (text: string) => {
    if (text === '') return dispatch();
    if (text.startsWith(':')) return; // a comment, e.g. a keep-alive
    const colon = text.indexOf(':');
    const field = colon === -1 ? text : text.slice(0, colon);
    let value = colon === -1 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
    else if (field === 'id' && !value.includes('\0')) id = value;
    else if (field === 'retry' && /^\d+$/.test(value)) retry = Number(value);
  };

  return {
    push(chunk: string) {
      buffer += chunk;
      // Lines end with \n, \r\n or \r; a trailing \r may be the first half of \r\n, so keep it.
      let match: RegExpExecArray | null;
      const pattern = /\r\n|\n|\r(?!$)/g;
      let start = 0;
      while ((match = pattern.exec(buffer)) !== null) {
        line(buffer.slice(start, match.index));
        start = match.index + match[0].length;
      }
      buffer = buffer.slice(start);
    },
  };
}

/** Reads a byte stream to its end (or until aborted), feeding every event to `onEvent`. */
export async function readServerSentEvents(
  body: ReadableStream<Uint8Array>,
  onEvent: (event: ServerSentEvent) => void,
): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const parser = createSseParser(onEvent);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parser.push(decoder.decode(value, { stream: true }));
    }
  } finally {
    reader.releaseLock();
  }
}
