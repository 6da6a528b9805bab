import type { AdapterContext, ClientAdapter, ClientLocation } from '../types.js';
import {
  appConfigDir,
  authHeaders,
  envVar,
  inHome,
  location,
  readStandard,
  urlPointsAtGateway,
} from './common.js';

const EXTENSION = 'saoudrizwan.claude-dev';
/** Editors Cline runs in; each keeps its own copy of Cline's settings. */
const HOSTS = ['Code', 'Code - Insiders', 'Cursor', 'Windsurf', 'VSCodium'];

function extensionDirs(ctx: AdapterContext): Array<{ host: string; dir: string }> {
  const base = appConfigDir(ctx);
  if (base === undefined) {
    return [];
  }
  return HOSTS.map((host) => ({ host, dir: ctx.path.join(base, host, 'User', 'globalStorage', EXTENSION) }));
}

export const cline: ClientAdapter = {
  id: 'cline',
  name: 'Cline',
  transport: 'http',
  handshakeNames: ['Cline'],
  reloadHint: 'Cline watches its settings file and reconnects by itself.',
  installDirs(ctx) {
    const cli = inHome(ctx, '.cline');
    return [...extensionDirs(ctx).map((d) => d.dir), ...(cli === undefined ? [] : [cli])];
  },
  async locations(ctx) {
    const out: ClientLocation[] = [];
    for (const { host, dir } of extensionDirs(ctx)) {
      // Only editors where Cline is installed get the gateway entry.
      const installed = await ctx.exists(dir);
      out.push(
        location({
          id: `host:${host}`,
          file: ctx.path.join(dir, 'settings', 'cline_mcp_settings.json'),
          container: ['mcpServers'],
          scope: 'user',
          label: `Cline in ${host}`,
          connect: installed,
        }),
      );
    }
    // Cline CLI (path from third-party docs, unconfirmed).
    const cliFile =
      envVar(ctx, 'CLINE_MCP_SETTINGS_PATH') ??
      inHome(ctx, '.cline', 'data', 'settings', 'cline_mcp_settings.json');
    if (cliFile !== undefined) {
      const cliDir = inHome(ctx, '.cline');
      const installed = cliDir !== undefined && (await ctx.exists(cliDir));
      out.push(
        location({
          id: 'cli',
          file: cliFile,
          container: ['mcpServers'],
          scope: 'user',
          label: 'Cline CLI',
          connect: installed,
        }),
      );
    }
    return out;
  },
  read(name, raw) {
    // A `url` without `type` is read by Cline as SSE.
    return readStandard(name, raw, { untypedUrl: 'sse', disabledKey: 'disabled' });
  },
  gatewayEntry(ctx) {
    return { type: 'streamableHttp', url: ctx.gatewayUrl, ...authHeaders(ctx), disabled: false };
  },
  pointsAtGateway(raw, ctx) {
    return urlPointsAtGateway(raw, ctx);
  },
};
