/**
 * A Server-Sent Events reader over `fetch`, because `EventSource` cannot send the
 * Authorization header. Parses the wire format incrementally (lines, `data:` joining, `id`,
 * `event`, `retry`, comments) per the HTML standard.
 */

export interface SseMessage {
  event: string;
  data: string;
  id: string | undefined;
}

/** Incremental parser: feed it text chunks, it calls `onMessage` for each dispatched event. */
export function createSseParser(onMessage: (m: SseMessage) => void, onRetry?: (ms: number) => void) {
  let buffer = '';
  let data: string[] = [];
  let event = '';
  let id: string | undefined;
  let lastId: string | undefined;

  const line = (l: string): void => {
    if (l === '') {
      if (data.length > 0) {
        lastId = id ?? lastId;
        onMessage({ event: event || 'message', data: data.join('\n'), id: lastId });
      }
      data = [];
      event = '';
      id = undefined;
      return;
    }
    if (l.startsWith(':')) {
      return;
    }
    const colon = l.indexOf(':');
    const field = colon === -1 ? l : l.slice(0, colon);
    let value = colon === -1 ? '' : l.slice(colon + 1);
    if (value.startsWith(' ')) {
      value = value.slice(1);
    }
    if (field === 'data') {
      data.push(value);
    } else if (field === 'event') {
      event = value;
    } else if (field === 'id' && !value.includes('\0')) {
      id = value;
    } else if (field === 'retry' && /^\d+$/.test(value)) {
      onRetry?.(Number(value));
    }
  };

  return {
    feed(chunk: string): void {
      buffer += chunk;
      // Lines end with \n, \r\n or \r; a trailing \r may be the first half of \r\n.
      for (;;) {
        const m = /\r\n|\n|\r(?!$)/.exec(buffer);
        if (m === null) {
          break;
        }
        line(buffer.slice(0, m.index));
        buffer = buffer.slice(m.index + m[0].length);
      }
    },
    get lastEventId(): string | undefined {
      return lastId;
    },
  };
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
      const parser = createSseParser(opts.onMessage);
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) {
          break;
        }
        parser.feed(value);
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
