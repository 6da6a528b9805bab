/**
 * Reading a server-sent event stream: the line parser, and the loop that feeds it a response body
 * until the server ends it or the caller aborts. Pure (no node:, no DOM): the body and the decoder
 * are whatever the runtime's fetch and TextDecoder give.
 */

/** The one SSE event the parser hands on: its id (the last one seen), its name and its data lines joined. */
export interface SseMessage {
  id: string | undefined;
  event: string;
  data: string;
}

/** The reader of a fetch response body, as far as reading it needs. */
export interface BodyReaderLike {
  read(): Promise<{ done: boolean; value?: Uint8Array }>;
}

/** An aborted fetch or read (AbortController), which ends a stream quietly. */
export function isAbort(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { name?: string }).name === 'AbortError';
}

interface Decoder {
  decode(input: Uint8Array, options?: { stream: boolean }): string;
}

/** TextDecoder exists in every runtime we target; it is reached through globalThis to stay lib-free. */
function makeDecoder(): Decoder {
  const Ctor = (globalThis as unknown as { TextDecoder: new () => Decoder }).TextDecoder;
  return new Ctor();
}

/** Parse an SSE byte stream; calls `emit` per event (comments and keep-alives are skipped). */
export function createSseParser(emit: (e: SseMessage) => void): {
  push(chunk: string): void;
} {
  let buffer = '';
  let data: string[] = [];
  let event = 'message';
  let id: string | undefined;
  const line = (l: string) => {
    if (l === '') {
      if (data.length > 0) {
        emit({ id, event, data: data.join('\n') });
      }
      data = [];
      event = 'message';
      return;
    }
    if (l.startsWith(':')) {
      return;
    }
    const i = l.indexOf(':');
    const field = i === -1 ? l : l.slice(0, i);
    const value = i === -1 ? '' : l.slice(i + 1).replace(/^ /, '');
    if (field === 'data') {
      data.push(value);
    } else if (field === 'event') {
      event = value;
    } else if (field === 'id') {
      id = value;
    }
  };
  return {
    push(chunk) {
      buffer += chunk;
      let nl: number;
      while ((nl = buffer.search(/\r\n|\n|\r/)) !== -1) {
        const l = buffer.slice(0, nl);
        buffer = buffer.slice(nl + (buffer.startsWith('\r\n', nl) ? 2 : 1));
        line(l);
      }
    },
  };
}

/**
 * Reads the body to its end, handing each event to `emit`. An abort ends it quietly; any other read
 * error rejects.
 */
export async function readSseBody(reader: BodyReaderLike, emit: (e: SseMessage) => void): Promise<void> {
  const decoder = makeDecoder();
  const parser = createSseParser(emit);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        break;
      }
      if (value !== undefined) {
        parser.push(decoder.decode(value, { stream: true }));
      }
    }
  } catch (err) {
    if (!isAbort(err)) {
      throw err;
    }
  }
}
