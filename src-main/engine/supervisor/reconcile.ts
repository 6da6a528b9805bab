import { type GatewayConfig, mayStartAsleep, type ServerConfig } from '../../../src-shared/config.js';
import { runtimeIdentity } from '../../../src-shared/server-identity.js';
import type { SleepCache } from '../types.js';
import type { Entry } from './entry.js';
import type { IdleCountdown } from './idle.js';
import type { Stopping } from './stopping.js';
import type { SetState } from './transitions.js';

export interface ReconcileDeps {
  entries: Map<string, Entry>;
  newEntry(name: string, config: ServerConfig): Entry;
  setState: SetState;
  start: (e: Entry, reason: string) => Promise<void>;
  stopping: Pick<Stopping, 'stop' | 'restartNow'>;
  idle: Pick<IdleCountdown, 'arm' | 'sleepAfterOf' | 'setGatewaySleepAfter'>;
  sleepCache: SleepCache | undefined;
}

/** Whether a server may be listed from its cache instead of being started. */
type AsleepAtLaunch = (name: string, server: ServerConfig) => boolean;

/**
 * Bring the set of servers in line with the config: start new ones (or list them from their
 * cache, asleep), stop removed ones, restart changed ones, follow disable and enable. Resolves
 * when every start and stop it began has settled.
 */
export async function reconcile(deps: ReconcileDeps, config: GatewayConfig): Promise<void> {
  const { entries } = deps;
  deps.idle.setGatewaySleepAfter(config.gateway.sleepAfterMs);
  const asleepAtLaunch: AsleepAtLaunch = (name, server) =>
    mayStartAsleep(server, config.gateway) && deps.sleepCache?.has(name, server) === true;
  const work: Array<Promise<void>> = [];
  for (const [name, e] of entries) {
    if (!(name in config.mcpServers)) {
      entries.delete(name);
      work.push(deps.stopping.stop(e, 'stopped', 'removed from the config'));
    }
  }
  for (const [name, server] of Object.entries(config.mcpServers)) {
    const e = entries.get(name);
    if (e === undefined) {
      const created = deps.newEntry(name, server);
      entries.set(name, created);
      if (server.disabled) {
        work.push(deps.stopping.stop(created, 'disabled', 'disabled in the config'));
      } else if (asleepAtLaunch(name, server)) {
        deps.setState(created, 'sleeping', 'listed from its cache; starts on first use');
      } else {
        work.push(deps.start(created, 'added'));
      }
      continue;
    }
    const next = update(deps, e, server, asleepAtLaunch);
    if (next !== undefined) {
      work.push(next);
    }
  }
  await Promise.allSettled(work);
}

/** A server that stays in the config: what its new entry asks for. */
function update(
  deps: ReconcileDeps,
  e: Entry,
  server: ServerConfig,
  asleepAtLaunch: AsleepAtLaunch,
): Promise<void> | undefined {
  const identity = runtimeIdentity(server);
  const changed = identity !== e.identity;
  e.config = server;
  e.identity = identity;
  if (server.disabled) {
    return e.state !== 'disabled' ? deps.stopping.stop(e, 'disabled', 'user disabled') : undefined;
  }
  if (e.state === 'disabled') {
    if (asleepAtLaunch(e.name, server)) {
      deps.setState(e, 'sleeping', 'enabled; listed from its cache, starts on first use');
      return undefined;
    }
    return deps.start(e, 'user enabled');
  }
  if (changed) {
    e.failureTimes = [];
    e.attempt = 0;
    return deps.stopping.restartNow(e, 'config changed');
  }
  if (e.state === 'stopped') {
    return deps.start(e, 'started');
  }
  if (e.state === 'sleeping' && deps.idle.sleepAfterOf(e) === 0) {
    return deps.start(e, server.keepAwake === true ? 'keepAwake set' : 'sleep switched off');
  }
  // sleepAfterMs may have changed: re-arm the countdown with the new value.
  deps.idle.arm(e);
  return undefined;
}
