import type { ServerConfig } from '../../../src-shared/config.js';
import { GatewayError } from '../../../src-shared/errors.js';
import { unredactPatch } from './config-patch.js';
import type { CoreHandlers } from './core-handlers.js';
import {
  addServer,
  allowKeys,
  approveImported,
  patchServer,
  removeServer,
  setServerDisabled,
} from './server-edits.js';
import { detail, serverConfig, summarise, summaryOf, toolsOf } from './server-views.js';

type ServerConfigRoutes =
  | 'servers.list'
  | 'servers.get'
  | 'servers.add'
  | 'servers.update'
  | 'servers.remove'
  | 'servers.enable'
  | 'servers.disable'
  | 'servers.allow'
  | 'servers.approve';

/** The routes that read and edit servers' config entries. */
export function serverHandlers(): Pick<CoreHandlers, ServerConfigRoutes> {
  return {
    'servers.list': ({ ctx }) => {
      const tools = toolsOf(ctx);
      const servers = Object.entries(ctx.config.current().mcpServers)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, cfg]) => summarise(ctx, name, cfg, tools.get(name)));
      return { servers };
    },
    'servers.get': ({ ctx, input }) => detail(ctx, input.params.name),
    'servers.add': async ({ ctx, input }) => {
      await addServer(ctx, input.body.name, input.body.config as ServerConfig);
      return detail(ctx, input.body.name);
    },
    'servers.update': async ({ ctx, input }) => {
      const { name } = input.params;
      await patchServer(ctx, name, unredactPatch({ ...input.body }, serverConfig(ctx, name)));
      return detail(ctx, name);
    },
    'servers.remove': async ({ ctx, input }) => {
      await removeServer(ctx, input.params.name);
      return { ok: true as const, message: `server '${input.params.name}' removed` };
    },
    'servers.enable': async ({ ctx, input }) => {
      await setServerDisabled(ctx, input.params.name, false);
      return summaryOf(ctx, input.params.name);
    },
    'servers.disable': async ({ ctx, input }) => {
      await setServerDisabled(ctx, input.params.name, true);
      return summaryOf(ctx, input.params.name);
    },
    'servers.allow': async ({ ctx, input }) => {
      const { name } = input.params;
      serverConfig(ctx, name);
      await allowKeys(ctx, name, input.body.keys);
      // An edited entry restarts by itself; one that did not change (already allowed) is retried.
      const st = ctx.supervisor.get(name);
      if (st !== undefined && (st.state === 'error' || st.state === 'restarting')) {
        await ctx.supervisor.resetCircuit(name).catch(() => undefined);
      }
      return summaryOf(ctx, name);
    },
    'servers.approve': async ({ ctx, input }) => {
      const { name } = input.params;
      if (serverConfig(ctx, name).origin === undefined) {
        throw new GatewayError(
          'BAD_REQUEST',
          `server '${name}' was added in the gateway itself, not imported from a client's file: there is nothing to approve`,
        );
      }
      await approveImported(ctx, name, input.body.variables);
      return summaryOf(ctx, name);
    },
  };
}
