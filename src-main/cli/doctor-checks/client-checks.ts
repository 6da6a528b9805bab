import type { ClientReport } from '../../engine/clients/index.js';
import { createClientManager } from '../../engine/clients/index.js';
import { defaultBridgeCommand, defaultPaths } from '../../engine/paths.js';
import { silentLogger } from '../../engine/telemetry/index.js';
import type { Check, DoctorState } from './check.js';

/** One client's findings: files it cannot parse, then whether it points at this gateway. */
export function clientFindings(c: ClientReport, gatewayOrigin: string): Check[] {
  const checks: Check[] = [];
  for (const f of c.files.filter((x) => x.problem !== undefined)) {
    const at = f.problem?.line ? `:${f.problem.line}:${f.problem.column ?? 1}` : '';
    checks.push({
      check: `client ${c.id}`,
      status: 'warn',
      message: `${f.file}${at}: ${f.problem?.message ?? ''}`,
      fix: `fix that file; the gateway never writes a file it cannot parse`,
    });
  }
  if (c.connected) {
    checks.push({ check: `client ${c.id}`, status: 'ok', message: `${c.name} points at the gateway` });
  } else if (c.files.some((f) => f.hasGatewayEntry)) {
    checks.push({
      check: `client ${c.id}`,
      status: 'warn',
      message: `${c.name} has a gateway entry that does not point at ${gatewayOrigin}`,
      fix: `\`mcp-gateway clients connect ${c.id}\` updates it (with a backup)`,
    });
  } else {
    checks.push({
      check: `client ${c.id}`,
      status: 'info',
      message: `${c.name} is not connected to the gateway`,
      fix: `\`mcp-gateway clients connect ${c.id}\` (preview with --dry-run)`,
    });
  }
  return checks;
}

/** Where clients should reach this gateway: where it runs, else where its config says it listens. */
export function gatewayOriginOf(s: Pick<DoctorState, 'target' | 'host' | 'port'>): string {
  return s.target.runtime?.url ?? `http://${s.host === '0.0.0.0' ? '127.0.0.1' : s.host}:${s.port}`;
}

/** 7. AI clients: do their configs point at this gateway? */
export async function checkClients(
  s: Pick<DoctorState, 'env' | 'target' | 'host' | 'port'>,
): Promise<Check[]> {
  const gatewayOrigin = gatewayOriginOf(s);
  try {
    const manager = createClientManager({
      env: s.env,
      platform: process.platform,
      dataDir: defaultPaths(s.env).dataDir,
      gatewayUrl: `${gatewayOrigin}/mcp`,
      bridgeCommand: defaultBridgeCommand(),
      logger: silentLogger,
      clock: { now: () => Date.now() },
    });
    const { clients } = await manager.detect();
    return clients.filter((x) => x.installed || x.hasConfig).flatMap((c) => clientFindings(c, gatewayOrigin));
  } catch (err) {
    return [
      {
        check: 'clients',
        status: 'warn',
        message: `could not look at client configs: ${(err as Error).message}`,
      },
    ];
  }
}
