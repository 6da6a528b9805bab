import type { ServerConfig } from '../../../../src-shared/config.js';
import type { AdapterContext, ClientAdapter } from '../types.js';
import {
  authHeaders,
  envVar,
  inHome,
  location,
  obj,
  projectLocations,
  str,
  strList,
  strMap,
  unwrapCmd,
  urlPointsAtGateway,
} from './common.js';

function codexHome(ctx: AdapterContext): string | undefined {
  return envVar(ctx, 'CODEX_HOME') ?? inHome(ctx, '.codex');
}

export const codex: ClientAdapter = {
  id: 'codex',
  name: 'Codex CLI',
  transport: 'http',
  handshakeNames: ['codex-mcp-client'],
  reloadHint: 'Start a new Codex session to pick up the change.',
  installDirs(ctx) {
    const d = codexHome(ctx);
    return d === undefined ? [] : [d];
  },
  async locations(ctx) {
    const d = codexHome(ctx);
    return [
      ...(d === undefined
        ? []
        : [
            location({
              id: 'user',
              file: ctx.path.join(d, 'config.toml'),
              format: 'toml',
              container: ['mcp_servers'],
              scope: 'user',
              label: 'user settings',
            }),
          ]),
      ...projectLocations(ctx, ['.codex', 'config.toml'], ['mcp_servers'], 'toml'),
    ];
  },
  read(name, raw) {
    const o = obj(raw);
    if (o === undefined) {
      return { name, raw, skipped: 'the entry is not a table' };
    }
    const notes: string[] = [];
    const config: ServerConfig = {};
    const command = str(o.command);
    const url = str(o.url);
    if (command !== undefined && command !== '') {
      const c = unwrapCmd(command, strList(o.args) ?? []);
      config.command = c.command;
      if (c.args.length > 0) {
        config.args = c.args;
      }
      const env: Record<string, string> = { ...strMap(o.env) };
      // `env_vars` passes variables through from Codex's environment: the gateway expands ${NAME}.
      for (const v of strList(o.env_vars) ?? []) {
        env[v] ??= `\${${v}}`;
      }
      if (Object.keys(env).length > 0) {
        config.env = env;
      }
      const cwd = str(o.cwd);
      if (cwd !== undefined && cwd !== '') {
        config.cwd = cwd;
      }
    } else if (url !== undefined) {
      config.url = url;
      // Codex speaks Streamable HTTP only.
      config.type = 'http';
      const headers: Record<string, string> = { ...strMap(o.http_headers) };
      for (const [h, v] of Object.entries(strMap(o.env_http_headers) ?? {})) {
        headers[h] = `\${${v}}`;
      }
      const bearerVar = str(o.bearer_token_env_var);
      const bearer = str(o.bearer_token);
      if (bearerVar !== undefined) {
        headers.Authorization = `Bearer \${${bearerVar}}`;
      } else if (bearer !== undefined) {
        headers.Authorization = `Bearer ${bearer}`;
      }
      if (Object.keys(headers).length > 0) {
        config.headers = headers;
      }
      if (o.oauth !== undefined) {
        notes.push('OAuth settings are not imported: sign in again through the gateway');
      }
    } else {
      return { name, raw, skipped: 'no command and no URL: nothing the gateway can start' };
    }
    if (o.enabled === false) {
      config.disabled = true;
    }
    if (o.enabled_tools !== undefined || o.disabled_tools !== undefined) {
      notes.push('enabled_tools/disabled_tools are not imported: set tool filters on the gateway server');
    }
    return { name, raw, config, notes };
  },
  gatewayEntry(ctx) {
    return { url: ctx.gatewayUrl, ...authHeaders(ctx, 'http_headers') };
  },
  pointsAtGateway(raw, ctx) {
    return urlPointsAtGateway(raw, ctx);
  },
};
