import type { ServerSummary } from '../../../src-shared/api/schemas.js';
import { type GatewayConfig, sleepAfterMsOf, transportOf } from '../../../src-shared/config.js';
import type { Check } from './check.js';

/**
 * 5b. Local servers that stay awake while idle hold their memory: say which and why (from the
 * config, and from the running gateway, which knows about open resource subscriptions).
 */
export function sleepChecks(config: GatewayConfig | undefined, live: ServerSummary[]): Check[] {
  const checks: Check[] = [];
  if (config === undefined) {
    return checks;
  }
  const byName = new Map(live.map((s) => [s.name, s]));
  for (const [name, s] of Object.entries(config.mcpServers)) {
    if (s.disabled === true || transportOf(s) !== 'stdio') {
      continue;
    }
    const blockers = byName.get(name)?.sleepBlockers ?? [];
    if (s.keepAwake === true) {
      checks.push({
        check: `server ${name}`,
        status: 'info',
        message: 'never sleeps when idle: keepAwake is set',
        fix: `remove "mcpServers.${name}.keepAwake" to let it sleep when idle (it starts again on first use)`,
      });
    } else if (sleepAfterMsOf(s, config.gateway) === 0) {
      checks.push({
        check: `server ${name}`,
        status: 'info',
        message: `never sleeps when idle: sleepAfterMs is 0${s.sleepAfterMs === undefined ? ' (gateway.sleepAfterMs)' : ''}`,
        fix: `set "mcpServers.${name}.sleepAfterMs" (e.g. 600000 for 10 minutes) to let it sleep when idle`,
      });
    } else if (blockers.length > 0) {
      checks.push({
        check: `server ${name}`,
        status: 'info',
        message: `cannot sleep now: ${blockers.join('; ')}`,
        fix: 'it sleeps once the client closes its resource subscriptions (or disconnects)',
      });
    }
  }
  return checks;
}
