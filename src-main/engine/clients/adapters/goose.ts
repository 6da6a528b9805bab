import type { ServerConfig } from '../../../../src-shared/config.js';
import type { AdapterContext, ClientAdapter } from '../types.js';
import {
  appConfigDir,
  authHeaders,
  inHome,
  location,
  obj,
  str,
  strList,
  strMap,
  unwrapCmd,
  urlPointsAtGateway,
  xdgConfigHome,
} from './common.js';

function gooseFiles(ctx: AdapterContext): string[] {
  if (ctx.platform === 'win32') {
    const base = appConfigDir(ctx);
    return base === undefined ? [] : [ctx.path.join(base, 'Block', 'goose', 'config', 'config.yaml')];
  }
  // Goose documents ~/.config/goose; XDG_CONFIG_HOME is probed too (unconfirmed).
  const files = [xdgConfigHome(ctx), inHome(ctx, '.config')]
    .filter((d): d is string => d !== undefined)
    .map((d) => ctx.path.join(d, 'goose', 'config.yaml'));
  return [...new Set(files)];
}

export const goose: ClientAdapter = {
  id: 'goose',
  name: 'Goose',
  transport: 'http',
  handshakeNames: ['goose'],
  reloadHint: 'Start a new Goose session to pick up the change.',
  installDirs(ctx) {
    return gooseFiles(ctx).map((f) => ctx.path.dirname(f));
  },
  async locations(ctx) {
    return gooseFiles(ctx).map((file, i) =>
      location({
        id: i === 0 ? 'user' : `user:${i}`,
        file,
        format: 'yaml',
        container: ['extensions'],
        scope: 'user',
        label: 'user config.yaml',
        connect: i === 0,
      }),
    );
  },
  read(name, raw) {
    const o = obj(raw);
    if (o === undefined) {
      return { name, raw, skipped: 'the entry is not a map' };
    }
    const type = str(o.type);
    const config: ServerConfig = {};
    const notes: string[] = [];
    if (type === 'stdio') {
      const cmd = str(o.cmd);
      if (cmd === undefined || cmd === '') {
        return { name, raw, skipped: 'no cmd' };
      }
      const c = unwrapCmd(cmd, strList(o.args) ?? []);
      config.command = c.command;
      if (c.args.length > 0) {
        config.args = c.args;
      }
      const env: Record<string, string> = { ...strMap(o.envs) };
      const keys = strList(o.env_keys) ?? [];
      for (const k of keys) {
        env[k] ??= `\${secret:${k}}`;
      }
      if (keys.length > 0) {
        notes.push(
          `Goose keeps ${keys.join(', ')} in its keyring: store them in the gateway's keychain under the same names`,
        );
      }
      if (Object.keys(env).length > 0) {
        config.env = env;
      }
    } else if (type === 'streamable_http' || type === 'sse') {
      const uri = str(o.uri);
      if (uri === undefined) {
        return { name, raw, skipped: 'no uri' };
      }
      config.url = uri;
      config.type = type === 'sse' ? 'sse' : 'http';
      const headers = strMap(o.headers);
      if (headers !== undefined && Object.keys(headers).length > 0) {
        config.headers = headers;
      }
    } else {
      return { name, raw, skipped: `built into Goose (type ${type ?? 'unknown'})` };
    }
    if (o.enabled === false) {
      config.disabled = true;
    }
    const description = str(o.description);
    if (description !== undefined && description !== '') {
      config.description = description;
    }
    return { name, raw, config, notes };
  },
  gatewayEntry(ctx) {
    return {
      enabled: true,
      type: 'streamable_http',
      name: ctx.entryName,
      description: 'Every MCP server through the local MCP Gateway',
      uri: ctx.gatewayUrl,
      envs: {},
      env_keys: [],
      headers: authHeaders(ctx).headers ?? {},
      timeout: 300,
    };
  },
  pointsAtGateway(raw, ctx) {
    return urlPointsAtGateway(raw, ctx, ['uri']);
  },
};
