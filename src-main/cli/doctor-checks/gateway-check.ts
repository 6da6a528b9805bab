import { createApiClient } from '../../../src-shared/api/client.js';
import { health, listServers } from '../../../src-shared/api/routes.js';
import type { ServerSummary } from '../../../src-shared/api/schemas.js';
import type { GatewayTarget } from '../connection.js';
import type { Check } from './check.js';

export interface GatewayFinding {
  check: Check;
  running: boolean;
  live: ServerSummary[];
}

const START_IT = 'start it with `mcp-gateway serve` (or the desktop app)';

/** 2. The running gateway: does it answer with the admin token, and with which servers. */
export async function checkGateway(target: GatewayTarget): Promise<GatewayFinding> {
  if (target.token === undefined) {
    return {
      running: false,
      live: [],
      check: {
        check: 'gateway',
        status: 'info',
        message: `no admin token at ${target.tokenFile}: the gateway has not run yet as this user`,
        fix: START_IT,
      },
    };
  }
  try {
    const api = createApiClient({
      baseUrl: target.baseUrl,
      token: target.token,
      fetch: (url, init) =>
        fetch(url, { ...(init as RequestInit), signal: AbortSignal.timeout(5_000) }) as never,
    });
    const h = await api.call(health);
    const live = (await api.call(listServers).catch(() => ({ servers: [] }))).servers;
    const message = `running at ${target.baseUrl} (version ${h.version}, ${h.health})`;
    return { running: true, live, check: { check: 'gateway', status: 'ok', message } };
  } catch (err) {
    const unreachable = (err as Error).name === 'GatewayUnreachableError';
    const check: Check = {
      check: 'gateway',
      status: unreachable ? 'info' : 'warn',
      message: unreachable
        ? `not running at ${target.baseUrl}`
        : `${target.baseUrl} answered: ${(err as Error).message}`,
      ...(unreachable ? { fix: START_IT } : {}),
    };
    return { running: false, live: [], check };
  }
}
