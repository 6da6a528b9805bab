import { createSseParser } from '../../src-shared/api/client.js';

/**
 * Live streams over `fetch`, because `EventSource` cannot send the Authorization header. The wire
 * format is parsed by the shared client's SSE parser; this adds open/close signals for reconnects.
 */

interface SseMessage {
  event: string;
  data: string;
  id: string | undefined;
}

export interface SseStreamOptions {
  url: string;
  headers: Record<string, string>;
  onOpen: () => void;
  onMessage: (m: SseMessage) => void;
  /** Called when the stream ends or fails; `status` is the HTTP status when there was one. */
  onClose: (error: { status?: number; message: string }) => void;
  lastEventId?: string;
}

/** Opens one stream; returns a function that aborts it. Reconnecting is the caller's job. */
export function openSseStream(opts: SseStreamOptions): () => void {
  const controller = new AbortController();
  let closed = false;
  const close = (e: { status?: number; message: string }): void => {
    if (!closed) {
      closed = true;
      opts.onClose(e);
    }
  };
  void (async () => {
    try {
      const headers: Record<string, string> = { Accept: 'text/event-stream', ...opts.headers };
      if (opts.lastEventId !== undefined) {
        headers['Last-Event-ID'] = opts.lastEventId;
      }
      const res = await fetch(opts.url, { headers, signal: controller.signal, cache: 'no-store' });
      if (!res.ok || res.body === null) {
        close({ status: res.status, message: `the event stream answered ${res.status}` });
        return;
      }
      opts.onOpen();
      const parser = createSseParser((e) => opts.onMessage(e));
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) {
          break;
        }
        parser.push(value);
      }
      close({ message: 'the event stream ended' });
    } catch (err) {
      close({ message: controller.signal.aborted ? 'aborted' : String(err) });
    }
  })();
  return () => {
    closed = true;
    controller.abort();
  };
}
