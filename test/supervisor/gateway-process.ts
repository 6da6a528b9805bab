/**
 * A stand-in gateway process for the orphan tests: runs a supervisor over the servers given as
 * JSON in argv[2], prints one JSON line `{ servers: {name: pid}, grandchildren: [pid] }` once
 * they run, then idles until killed. Run with `node --import ./test/supervisor/ts-register.mjs`.
 */
import { createEventBus } from '../../src-main/engine/events.js';
import { createSupervisor } from '../../src-main/engine/supervisor/index.js';
import { silentLogger } from '../../src-main/engine/telemetry/logger.js';
import { GatewayConfigSchema } from '../../src-shared/config.js';

const servers = JSON.parse(process.argv[2] ?? '{}') as Record<string, unknown>;
const sup = createSupervisor({
  logger: silentLogger,
  bus: createEventBus(),
  hooks: { capabilities: () => ({}), prepare: () => undefined },
  settings: { stopGraceMs: 300 },
});
await sup.apply(GatewayConfigSchema.parse({ mcpServers: servers }));
const pids: Record<string, number | undefined> = {};
const grandchildren: number[] = [];
for (const s of sup.list()) {
  pids[s.name] = s.pid;
  for (const l of sup.logs(s.name)?.recent() ?? []) {
    const m = /grandchild pid (\d+)/.exec(l.line);
    if (m?.[1] !== undefined) {
      grandchildren.push(Number(m[1]));
    }
  }
}
process.stdout.write(JSON.stringify({ servers: pids, grandchildren }) + '\n');
setInterval(() => undefined, 60_000);
