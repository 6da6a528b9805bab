import { events } from '../../src-shared/api/routes.js';
import type { EngineEvent } from '../../src-shared/events.js';
import { useConnection } from '../stores/connection.js';
import type { ApiClient } from './client.js';
import { parseEvent } from './engine-events.js';
import { openSseStream } from './sse.js';

export const RETRY_MIN = 500;
export const RETRY_MAX = 5000;

/** The wait before the next reconnect: 1.6 times longer each time, up to RETRY_MAX. */
export function nextRetry(delay: number): number {
  return Math.min(RETRY_MAX, Math.round(delay * 1.6));
}

/** What the connection banner says when the stream ends. */
export function closedDetail(status: number | undefined): string {
  return status !== undefined ? `The event stream answered ${status}.` : 'The gateway is not answering.';
}

export interface EventStreamOptions {
  api: ApiClient;
  /** Whether there is a token to connect with. */
  hasToken: () => boolean;
  onOpen: () => void;
  onEvent: (e: EngineEvent) => void;
}

/**
 * The engine's event stream, reconnecting by itself with backoff. The engine keeps its recent
 * events: "0" replays them on first connect (so crashes from before the window opened show in
 * history), the last id resumes without a gap.
 */
export function createEventStream(opts: EventStreamOptions): {
  connect(): void;
  stop(): void;
  close(): void;
} {
  let closed = false;
  let abort: (() => void) | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let retryDelay = RETRY_MIN;
  let lastEventId: string | undefined;

  const onClose = (e: { status?: number }): void => {
    abort = undefined;
    if (closed) {
      return;
    }
    if (e.status === 401) {
      useConnection.setState({ status: 'unauthorized', detail: 'The gateway refused the access token.' });
      return;
    }
    useConnection.setState({
      status: 'offline',
      detail: closedDetail(e.status),
      retryAt: Date.now() + retryDelay,
    });
    retryTimer = setTimeout(connect, retryDelay);
    retryDelay = nextRetry(retryDelay);
  };

  const connect = (): void => {
    if (closed) {
      return;
    }
    if (!opts.hasToken()) {
      useConnection.setState({ status: 'no-token', detail: undefined });
      return;
    }
    abort = openSseStream({
      url: opts.api.url(events),
      headers: opts.api.headers(),
      lastEventId: lastEventId ?? '0',
      onOpen: () => {
        retryDelay = RETRY_MIN;
        useConnection.setState({ status: 'online', detail: undefined, retryAt: undefined, everOnline: true });
        opts.onOpen();
      },
      onMessage: (m) => {
        if (m.id !== undefined) {
          lastEventId = m.id;
        }
        const e = parseEvent(m.data);
        if (e !== undefined) {
          opts.onEvent(e);
        }
      },
      onClose,
    });
  };

  /** Stop the current stream and any pending reconnect (before connecting again). */
  const stop = (): void => {
    abort?.();
    abort = undefined;
    if (retryTimer !== undefined) {
      clearTimeout(retryTimer);
    }
  };

  return {
    connect,
    stop,
    close() {
      closed = true;
      stop();
    },
  };
}
