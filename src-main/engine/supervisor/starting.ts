import type { ServerConfig } from '../../../src-shared/config.js';
import { GatewayError, isGatewayError } from '../../../src-shared/errors.js';
import { RefusedByPolicyError } from '../backends/index.js';
import type { BackendConnection, Clock, Logger } from '../types.js';
import { type BackendOpener, startErrorText } from './backend-opener.js';
import { clearTimers, type Entry, gatewayLine, settleWaiters } from './entry.js';
import type { Footprint } from './footprint.js';
import type { HealthPings } from './health.js';
import type { IdleCountdown } from './idle.js';
import { formatDelay, needsAttention } from './policy.js';
import type { Restarts } from './restarts.js';
import type { SupervisorSettings } from './settings.js';
import type { SetState } from './transitions.js';

export interface StartDeps {
  clock: Clock;
  log: Logger;
  settings: () => SupervisorSettings;
  isClosed: () => boolean;
  setState: SetState;
  notify: (name: string, conn: BackendConnection | undefined) => void;
  opener: BackendOpener;
  failed: Restarts['failed'];
  health: Pick<HealthPings, 'schedule'>;
  idle: Pick<IdleCountdown, 'arm'>;
  footprint: Pick<Footprint, 'measureLater'>;
}

/**
 * Start a server (a new generation: an older start still in flight gives up). Resolves when the
 * attempt is over, whatever its outcome: running, a restart scheduled, or a state that waits
 * for the user (needs approval, needs sign-in).
 */
export function startServer(deps: StartDeps, e: Entry, reason: string): Promise<void> {
  if (deps.isClosed()) {
    return Promise.resolve();
  }
  e.generation += 1;
  const gen = e.generation;
  clearTimers(e, deps.clock);
  // A start still in flight is superseded: let it give up now rather than at its timeout.
  e.abort?.abort();
  deps.setState(e, 'starting', reason);
  const abort = new AbortController();
  e.abort = abort;
  const s = deps.settings();
  // A backstop: openBackend bounds the handshake itself, this also bounds PATH lookup and expansion.
  const backstop = s.startTimeoutMs + s.stopGraceMs * 3 + 1_000;
  const startTimer = deps.clock.setTimeout(() => abort.abort(), backstop);
  const run = (async () => {
    let conn: BackendConnection;
    let expanded: ServerConfig | undefined;
    try {
      // Waking right after falling asleep: let the old process leave first.
      await e.settling;
      expanded = await deps.opener.expand(e);
      conn = await deps.opener.open(e, expanded, { signal: abort.signal });
    } catch (err) {
      deps.clock.clearTimeout(startTimer);
      if (gen !== e.generation || deps.isClosed()) {
        return;
      }
      const timedOut = abort.signal.aborted;
      const message = timedOut
        ? `did not start within ${formatDelay(s.startTimeoutMs)}`
        : startErrorText(err, expanded, e.config);
      startFailed(deps, e, err, timedOut, message);
      return;
    } finally {
      if (e.abort === abort) {
        e.abort = undefined;
      }
    }
    deps.clock.clearTimeout(startTimer);
    if (gen !== e.generation || deps.isClosed()) {
      await conn.close().catch(() => undefined);
      return;
    }
    connected(deps, e, conn, gen);
  })();
  e.runs.add(run);
  return run.finally(() => e.runs.delete(run));
}

/** A start failed: wait for the user (approval, sign-in), or count a failure. */
function startFailed(deps: StartDeps, e: Entry, err: unknown, timedOut: boolean, message: string): void {
  const code = isGatewayError(err) ? err.code : undefined;
  if (!timedOut && code === 'APPROVAL_REQUIRED') {
    // Not a failure either: nothing starts, nothing retries, until the user approves it.
    gatewayLine(e, message);
    e.lastError = undefined;
    deps.setState(e, 'needs-approval', message);
    settleWaiters(e, new GatewayError('APPROVAL_REQUIRED', message));
    return;
  }
  if (!timedOut && code === 'SIGN_IN_REQUIRED') {
    // Not a failure (and not a last error that outlives the sign-in): nothing restarts
    // until the user signs in; the state's reason says why.
    gatewayLine(e, message);
    deps.setState(e, 'needs-sign-in', message);
    settleWaiters(e, new GatewayError('SIGN_IN_REQUIRED', message));
    return;
  }
  e.canAllow = err instanceof RefusedByPolicyError ? err.allow : undefined;
  deps.log.warn('server failed to start', { server: e.name, err: message });
  gatewayLine(e, `start failed: ${message}`);
  settleWaiters(
    e,
    new GatewayError(
      'SERVER_WAKE_FAILED',
      `Server "${e.name}" was started for this request and failed: ${message}. See its log (\`mcp-gateway logs ${e.name}\`); the gateway retries on its own.`,
    ),
  );
  deps.failed(e, message, needsAttention(code));
}

/** The server is up: running, its waiters served, pings, the idle countdown and a measurement armed. */
function connected(deps: StartDeps, e: Entry, conn: BackendConnection, gen: number): void {
  const { clock } = deps;
  e.conn = conn;
  e.canAllow = undefined;
  e.startedAt = clock.now();
  e.pingFailures = 0;
  e.probing = false;
  const how = `${conn.transport}, ${conn.era} ${conn.protocolVersion ?? ''}`.trim();
  deps.setState(e, 'running', `connected (${how}${conn.pid !== undefined ? `, pid ${conn.pid}` : ''})`);
  deps.notify(e.name, conn);
  settleWaiters(e, conn);
  deps.health.schedule(e, gen);
  e.lastActivity = clock.now();
  deps.idle.arm(e);
  deps.footprint.measureLater(e, conn, gen);
  void conn.closed.then(({ reason: why }) => {
    if (gen !== e.generation || deps.isClosed() || e.conn !== conn) {
      return;
    }
    const upSince = e.startedAt;
    e.conn = undefined;
    e.startedAt = undefined;
    clearTimers(e, clock);
    deps.notify(e.name, undefined);
    gatewayLine(e, `connection lost: ${why}`);
    e.restarts += 1;
    deps.failed(e, why, false, upSince);
  });
}
