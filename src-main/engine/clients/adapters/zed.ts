import type { AdapterContext, ClientAdapter } from '../types.js';
import {
  appConfigDir,
  authHeaders,
  envVar,
  location,
  obj,
  projectLocations,
  readStandard,
  str,
  urlPointsAtGateway,
  xdgConfigHome,
} from './common.js';

function zedDir(ctx: AdapterContext): string | undefined {
  if (ctx.platform === 'win32') {
    const base = appConfigDir(ctx);
    return base === undefined ? undefined : ctx.path.join(base, 'Zed');
  }
  // Zed uses ~/.config/zed on macOS too; Flatpak builds set FLATPAK_XDG_CONFIG_HOME.
  const flatpak = ctx.platform === 'linux' ? envVar(ctx, 'FLATPAK_XDG_CONFIG_HOME') : undefined;
  const base =
    flatpak ??
    (ctx.platform === 'darwin'
      ? ctx.home === undefined
        ? undefined
        : ctx.path.join(ctx.home, '.config')
      : xdgConfigHome(ctx));
  return base === undefined ? undefined : ctx.path.join(base, 'zed');
}

export const zed: ClientAdapter = {
  id: 'zed',
  name: 'Zed',
  transport: 'http',
  // Recorded as "Zed" in MCP servers' client tables (not checked against Zed's sources).
  handshakeNames: ['Zed'],
  reloadHint: 'Zed reloads settings.json on save; check the Agent panel settings for the gateway.',
  installDirs(ctx) {
    const d = zedDir(ctx);
    return d === undefined ? [] : [d];
  },
  async locations(ctx) {
    const d = zedDir(ctx);
    return [
      ...(d === undefined
        ? []
        : [
            location({
              id: 'user',
              file: ctx.path.join(d, 'settings.json'),
              format: 'jsonc',
              container: ['context_servers'],
              scope: 'user',
              label: 'user settings',
            }),
          ]),
      ...projectLocations(ctx, ['.zed', 'settings.json'], ['context_servers'], 'jsonc'),
    ];
  },
  read(name, raw) {
    const o = obj(raw);
    const command = obj(o?.command);
    if (o !== undefined && command !== undefined) {
      // Early-2025 shape: "command": { "path", "args", "env" }.
      const entry = readStandard(
        name,
        { ...o, command: str(command.path), args: command.args, env: command.env },
        { enabledKey: 'enabled' },
      );
      return entry;
    }
    if (o !== undefined && o.command === undefined && o.url === undefined && o.settings !== undefined) {
      return { name, raw, skipped: 'provided by a Zed extension (no command of its own)' };
    }
    return readStandard(name, raw, { enabledKey: 'enabled' });
  },
  gatewayEntry(ctx: AdapterContext) {
    return { url: ctx.gatewayUrl, ...authHeaders(ctx) };
  },
  pointsAtGateway(raw, ctx) {
    return urlPointsAtGateway(raw, ctx);
  },
};
