import { GatewayError } from '../../../src-shared/errors.js';
import type { CoreHandlers } from './core-handlers.js';
import { streamLog } from './log-stream.js';
import { serverConfig, summaryOf } from './server-views.js';
import { lastEventId } from './sse.js';

type ServerControlRoutes =
  | 'servers.restart'
  | 'servers.wake'
  | 'servers.sleep'
  | 'servers.resetCircuit'
  | 'servers.logs'
  | 'servers.logStream';

function disabled(name: string): GatewayError {
  return new GatewayError('SERVER_DISABLED', `server '${name}' is disabled: enable it to start it`);
}

/** The routes that act on a running server (restart, wake, sleep, the circuit) and read its logs. */
export function serverControlHandlers(): Pick<CoreHandlers, ServerControlRoutes> {
  return {
    'servers.restart': async ({ ctx, input }) => {
      const { name } = input.params;
      const cfg = serverConfig(ctx, name);
      if (cfg.disabled) {
        throw disabled(name);
      }
      await ctx.supervisor.restart(name, 'restarted through the API');
      return summaryOf(ctx, name, cfg);
    },
    'servers.wake': async ({ ctx, input }) => {
      const { name } = input.params;
      const cfg = serverConfig(ctx, name);
      if (cfg.disabled) {
        throw disabled(name);
      }
      const state = ctx.supervisor.get(name)?.state;
      if (state === 'sleeping' || state === 'starting') {
        await ctx.supervisor.wake(name, 'woken through the API');
      } else if (state !== 'running' && state !== 'degraded') {
        throw new GatewayError(
          'SERVER_NOT_RUNNING',
          `server '${name}' is ${state ?? 'not started'}, not sleeping: restart it instead (mcp-gateway servers restart ${name})`,
        );
      }
      return summaryOf(ctx, name, cfg);
    },
    'servers.sleep': async ({ ctx, input }) => {
      const cfg = serverConfig(ctx, input.params.name);
      await ctx.supervisor.sleep(input.params.name, 'put to sleep through the API');
      return summaryOf(ctx, input.params.name, cfg);
    },
    'servers.resetCircuit': async ({ ctx, input }) => {
      const { name } = input.params;
      const cfg = serverConfig(ctx, name);
      if (cfg.disabled) {
        throw disabled(name);
      }
      await ctx.supervisor.resetCircuit(name);
      return summaryOf(ctx, name, cfg);
    },
    'servers.logs': ({ ctx, input }) => {
      const { name } = input.params;
      serverConfig(ctx, name);
      const lines = ctx.supervisor.logs(name)?.recent(input.query.limit ?? 200, input.query.after) ?? [];
      return { server: name, lines };
    },
    'servers.logStream': ({ ctx, input, req, open, send }) => {
      const { name } = input.params;
      serverConfig(ctx, name);
      const ring = ctx.supervisor.logs(name);
      const stream = open();
      if (ring !== undefined) {
        const from = { after: lastEventId(req) ?? input.query.after, limit: input.query.limit ?? 100 };
        streamLog(
          ring,
          from,
          (l) => send('log', l, l.seq),
          (fn) => stream.onClose(fn),
        );
      }
    },
  };
}
