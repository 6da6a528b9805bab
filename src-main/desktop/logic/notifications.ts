/**
 * Which desktop notifications to show for engine events. A server that fails (crash → restarting)
 * or whose circuit opens (error) is announced at most once per server per `throttleMs`; failures
 * that arrive together are coalesced into one notification; a server that comes back after an
 * announced failure gets one "running again". User stops and disables never notify. Tools held
 * back for review (changed, new or flagged descriptions) are announced once per change.
 */
import type { EngineEvent } from '../../../src-shared/events.js';
import type { Clock, Disposable } from '../../engine/types.js';
import { createFailureBatches } from './failure-batches.js';
import { heldBackNotification, recoveredNotification } from './notification-texts.js';

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

const DEFAULT_NOTIFY_THROTTLE_MS = 10 * 60_000;
const DEFAULT_NOTIFY_COALESCE_MS = 2_000;

export function createNotifier(options: NotifierOptions): Notifier {
  const batches = createFailureBatches({
    clock: options.clock,
    show: options.show,
    throttleMs: options.throttleMs ?? DEFAULT_NOTIFY_THROTTLE_MS,
    coalesceMs: options.coalesceMs ?? DEFAULT_NOTIFY_COALESCE_MS,
  });
  let stopping = false;
  const stop = (): void => {
    stopping = true;
    batches.stop();
  };

  function serverState(event: Extract<EngineEvent, { type: 'server.state' }>): void {
    const { server, state, previous, reason } = event;
    if (state === 'error') {
      batches.queue({ server, kind: 'circuit', reason });
    } else if (
      state === 'restarting' &&
      (previous === 'running' || previous === 'degraded' || previous === 'starting')
    ) {
      batches.queue({ server, kind: 'failed', reason });
    } else if (state === 'running') {
      // Recovered before anyone was told: nothing to say.
      if (batches.recovered(server) === 'announced') {
        options.show(recoveredNotification(server));
      }
    } else if (state === 'disabled' || state === 'stopped') {
      // The user's own action: nothing failed, nothing to recover from.
      batches.forget(server);
    }
  }

  return {
    handle(event) {
      if (event.type === 'gateway.stopping') {
        stop();
      } else if (event.type === 'server.removed') {
        batches.forget(event.server);
      } else if (event.type === 'trust.changed') {
        if (!stopping && event.newlyHeld.length > 0) {
          options.show(heldBackNotification(event.server, event.newlyHeld));
        }
      } else if (event.type === 'server.state' && !stopping) {
        serverState(event);
      }
    },
    dispose: stop,
  };
}
