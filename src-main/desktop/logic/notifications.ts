/**
 * Which desktop notifications to show for engine events. A server that fails (crash → restarting)
 * or whose circuit opens (error) is announced at most once per server per `throttleMs`; failures
 * that arrive together are coalesced into one notification; a server that comes back after an
 * announced failure gets one "running again". User stops and disables never notify. Tools held
 * back for review (changed, new or flagged descriptions) are announced once per change.
 */
import type { EngineEvent } from '../../../src-shared/events.js';
import type { Clock, Disposable, TimerHandle } from '../../engine/types.js';

export interface DesktopNotification {
  title: string;
  body: string;
  /** The server a click should open; undefined opens the server list. */
  server?: string;
}

export interface NotifierOptions {
  clock: Clock;
  show(notification: DesktopNotification): void;
  /** At most one failure notification per server in this window (default 10 minutes). */
  throttleMs?: number;
  /** Failures within this window are shown together (default 2 seconds). */
  coalesceMs?: number;
}

export interface Notifier extends Disposable {
  handle(event: EngineEvent): void;
}

interface Failure {
  server: string;
  kind: 'failed' | 'circuit';
  reason: string;
}

const DEFAULT_NOTIFY_THROTTLE_MS = 10 * 60_000;
const DEFAULT_NOTIFY_COALESCE_MS = 2_000;

function describe(f: Failure): string {
  return f.kind === 'circuit'
    ? `${f.server} keeps failing and was stopped (circuit open)`
    : `${f.server} failed and is restarting`;
}

export function createNotifier(options: NotifierOptions): Notifier {
  const throttleMs = options.throttleMs ?? DEFAULT_NOTIFY_THROTTLE_MS;
  const coalesceMs = options.coalesceMs ?? DEFAULT_NOTIFY_COALESCE_MS;
  const { clock } = options;
  /** When each server's last failure notification went out. */
  const lastShown = new Map<string, number>();
  /** Servers whose failure was announced and whose recovery was not yet. */
  const awaitingRecovery = new Set<string>();
  let pending = new Map<string, Failure>();
  let timer: TimerHandle | undefined;
  let stopping = false;

  const flush = (): void => {
    timer = undefined;
    const batch = [...pending.values()];
    pending = new Map();
    if (batch.length === 0 || stopping) {
      return;
    }
    const now = clock.now();
    for (const f of batch) {
      lastShown.set(f.server, now);
      awaitingRecovery.add(f.server);
    }
    const [first] = batch;
    if (batch.length === 1 && first !== undefined) {
      options.show({
        title:
          first.kind === 'circuit'
            ? `${first.server} stopped after repeated failures`
            : `${first.server} failed`,
        body: `${describe(first)}.${first.reason ? ` ${first.reason}` : ''}`,
        server: first.server,
      });
      return;
    }
    const names = batch.map((f) => f.server);
    options.show({
      title: `${names.length} servers failed`,
      body: batch.map(describe).join('\n'),
    });
  };

  const queueFailure = (f: Failure): void => {
    const last = lastShown.get(f.server);
    if (last !== undefined && clock.now() - last < throttleMs) {
      return;
    }
    // A circuit opening supersedes a queued crash of the same server.
    const queued = pending.get(f.server);
    if (queued === undefined || f.kind === 'circuit') {
      pending.set(f.server, f);
    }
    timer ??= clock.setTimeout(flush, coalesceMs);
  };

  return {
    handle(event) {
      if (event.type === 'gateway.stopping') {
        stopping = true;
        clock.clearTimeout(timer);
        timer = undefined;
        pending.clear();
        return;
      }
      if (event.type === 'server.removed') {
        pending.delete(event.server);
        awaitingRecovery.delete(event.server);
        return;
      }
      if (event.type === 'trust.changed') {
        // Tools held back for review: the user has to act, or clients never see them.
        if (!stopping && event.newlyHeld.length > 0) {
          const n = event.newlyHeld.length;
          options.show({
            title: `${n === 1 ? `Tool ${event.newlyHeld[0] ?? ''}` : `${n} tools`} of ${event.server} held back`,
            body: `${event.newlyHeld.join(', ')} changed, ${n === 1 ? 'is' : 'are'} new or look poisoned. Clients do not see ${n === 1 ? 'it' : 'them'} until you review and approve.`,
            server: event.server,
          });
        }
        return;
      }
      if (event.type !== 'server.state' || stopping) {
        return;
      }
      const { server, state, previous, reason } = event;
      if (state === 'error') {
        queueFailure({ server, kind: 'circuit', reason });
      } else if (
        state === 'restarting' &&
        (previous === 'running' || previous === 'degraded' || previous === 'starting')
      ) {
        queueFailure({ server, kind: 'failed', reason });
      } else if (state === 'running') {
        if (pending.delete(server)) {
          // Recovered before anyone was told: nothing to say.
          return;
        }
        if (awaitingRecovery.delete(server)) {
          options.show({
            title: `${server} is running again`,
            body: `${server} recovered and is serving its tools.`,
            server,
          });
        }
      } else if (state === 'disabled' || state === 'stopped') {
        // The user's own action: nothing failed, nothing to recover from.
        pending.delete(server);
        awaitingRecovery.delete(server);
      }
    },
    dispose() {
      stopping = true;
      clock.clearTimeout(timer);
      timer = undefined;
      pending.clear();
    },
  };
}
