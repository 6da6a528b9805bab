import type { AdapterContext, ClientAdapter, ClientLocation } from '../types.js';
import {
  appConfigDir,
  authHeaders,
  location,
  projectLocations,
  readStandard,
  urlPointsAtGateway,
} from './common.js';

const EXTENSION = 'rooveterinaryinc.roo-cline';
const HOSTS = ['Code', 'Code - Insiders', 'Cursor', 'Windsurf', 'VSCodium'];

function extensionDirs(ctx: AdapterContext): Array<{ host: string; dir: string }> {
  const base = appConfigDir(ctx);
  return base === undefined
    ? []
    : HOSTS.map((host) => ({ host, dir: ctx.path.join(base, host, 'User', 'globalStorage', EXTENSION) }));
}

/** Roo Code (a Cline fork, no longer developed since May 2026; existing installs keep working). */
export const rooCode: ClientAdapter = {
  id: 'roo-code',
  name: 'Roo Code',
  transport: 'http',
  // Guess: Roo Code is a Cline fork; its handshake name is not confirmed.
  handshakeNames: ['Roo Code', 'roo-code'],
  reloadHint: 'Roo Code watches its settings file and reconnects by itself.',
  installDirs(ctx) {
    return extensionDirs(ctx).map((d) => d.dir);
  },
  async locations(ctx) {
    const out: ClientLocation[] = [];
    for (const { host, dir } of extensionDirs(ctx)) {
      const installed = await ctx.exists(dir);
      out.push(
        location({
          id: `host:${host}`,
          file: ctx.path.join(dir, 'settings', 'mcp_settings.json'),
          container: ['mcpServers'],
          scope: 'user',
          label: `Roo Code in ${host}`,
          connect: installed,
        }),
      );
    }
    out.push(...projectLocations(ctx, ['.roo', 'mcp.json'], ['mcpServers']));
    return out;
  },
  read(name, raw) {
    return readStandard(name, raw, { disabledKey: 'disabled' });
  },
  gatewayEntry(ctx) {
    return { type: 'streamable-http', url: ctx.gatewayUrl, ...authHeaders(ctx), disabled: false };
  },
  pointsAtGateway(raw, ctx) {
    return urlPointsAtGateway(raw, ctx);
  },
};
