//! The live stream: bearer token, change notices to subscribers, reconnect with Last-Event-ID and a resync.
import { waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { subscribeToLiveChanges, type LiveEvent } from './live-stream';
import { setSessionToken } from './session';

function eventStream(text: string): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(text));
      controller.close();
    },
  });
  return new Response(body, { status: 200, headers: { 'Content-Type': 'text/event-stream' } });
}

describe('live stream', () => {
  it('delivers change notices and resumes after the last event id', async () => {
    setSessionToken('live-token');
    const requests: Request[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn<typeof fetch>(async (input) => {
        const request = input as Request;
        requests.push(request);
        if (requests.length === 1) {
          // A short retry so the test does not wait the default three seconds.
          return eventStream(
            'retry: 5\nevent: ready\ndata: {}\n\nid: 7\nevent: change\ndata: {"kind":"contact_tags","contact_id":1,"conversation_id":null}\n\n',
          );
        }
        return new Response(null, { status: 204 });
      }),
    );
    const events: LiveEvent[] = [];
    const unsubscribe = subscribeToLiveChanges((event) => events.push(event));

    await waitFor(() => expect(requests).toHaveLength(2));
    unsubscribe();

    expect(requests[0]?.headers.get('Authorization')).toBe('Bearer live-token');
    expect(requests[0]?.headers.get('Last-Event-ID')).toBeNull();
    expect(requests[1]?.headers.get('Last-Event-ID')).toBe('7');
    expect(events).toEqual([
      { type: 'change', notice: { kind: 'contact_tags', contact_id: 1, conversation_id: null } },
    ]);
  });
});
