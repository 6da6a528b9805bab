import type { AdapterContext, ClientAdapter, ClientLocation } from '../types.js';
import {
  appConfigDir,
  bridgePointsAtGateway,
  bridgeTokenArgs,
  defined,
  localAppData,
  location,
  readStandard,
  windowsCommand,
  xdgConfigHome,
} from './common.js';

const FILE = 'claude_desktop_config.json';
/** The MSIX package family of Claude Desktop (default Windows installer since early 2026). */
const MSIX_FAMILY = 'Claude_pzs8sxrjxfjjc';

function msixDir(ctx: AdapterContext): string | undefined {
  const local = localAppData(ctx);
  return local === undefined ? undefined : ctx.path.join(local, 'Packages', MSIX_FAMILY);
}

/** Claude Desktop reads stdio entries only, so it reaches the gateway through the stdio bridge. */
export const claudeDesktop: ClientAdapter = {
  id: 'claude-desktop',
  name: 'Claude Desktop',
  transport: 'stdio',
  // Claude Desktop introduces itself as "claude-ai"; through the bridge the name is passed on.
  handshakeNames: ['claude-ai', 'Claude Desktop'],
  reloadHint: 'Quit Claude Desktop completely (menu bar / tray → Quit) and start it again.',
  installDirs(ctx) {
    if (ctx.platform === 'win32') {
      const classic = appConfigDir(ctx);
      const msix = msixDir(ctx);
      return defined([classic === undefined ? undefined : ctx.path.join(classic, 'Claude'), msix]);
    }
    if (ctx.platform === 'darwin') {
      const base = appConfigDir(ctx);
      return defined([base === undefined ? undefined : ctx.path.join(base, 'Claude')]);
    }
    const xdg = xdgConfigHome(ctx);
    // Linux casing is unconfirmed: both spellings are probed.
    return xdg === undefined ? [] : [ctx.path.join(xdg, 'Claude'), ctx.path.join(xdg, 'claude')];
  },
  async locations(ctx) {
    const out: ClientLocation[] = [];
    if (ctx.platform === 'win32') {
      const msix = msixDir(ctx);
      // On an MSIX install the app reads only the file inside its package; the classic path is ignored.
      const msixInstalled = msix !== undefined && (await ctx.exists(msix));
      if (msix !== undefined) {
        out.push(
          location({
            id: 'msix',
            file: ctx.path.join(msix, 'LocalCache', 'Roaming', 'Claude', FILE),
            container: ['mcpServers'],
            scope: 'user',
            label: 'Windows (MSIX install)',
            connect: msixInstalled,
          }),
        );
      }
      const classic = appConfigDir(ctx);
      if (classic !== undefined) {
        out.push(
          location({
            id: 'user',
            file: ctx.path.join(classic, 'Claude', FILE),
            container: ['mcpServers'],
            scope: 'user',
            label: 'Windows (classic install)',
            connect: !msixInstalled,
          }),
        );
      }
      return out.sort((a, b) => Number(b.connect) - Number(a.connect));
    }
    if (ctx.platform === 'darwin') {
      const base = appConfigDir(ctx);
      return base === undefined
        ? []
        : [
            location({
              id: 'user',
              file: ctx.path.join(base, 'Claude', FILE),
              container: ['mcpServers'],
              scope: 'user',
              label: 'user settings',
            }),
          ];
    }
    const xdg = xdgConfigHome(ctx);
    if (xdg === undefined) {
      return [];
    }
    const upper = ctx.path.join(xdg, 'Claude');
    const lower = ctx.path.join(xdg, 'claude');
    const lowerOnly = !(await ctx.exists(upper)) && (await ctx.exists(lower));
    return [
      location({
        id: 'user',
        file: ctx.path.join(upper, FILE),
        container: ['mcpServers'],
        scope: 'user',
        label: 'user settings',
        connect: !lowerOnly,
      }),
      location({
        id: 'user-lowercase',
        file: ctx.path.join(lower, FILE),
        container: ['mcpServers'],
        scope: 'user',
        label: 'user settings (lower-case folder)',
        connect: lowerOnly,
      }),
    ];
  },
  read(name, raw) {
    return readStandard(name, raw);
  },
  gatewayEntry(ctx) {
    return windowsCommand(ctx, ctx.bridge.command, [
      ...ctx.bridge.args,
      '--url',
      ctx.gatewayUrl,
      ...bridgeTokenArgs(ctx),
    ]);
  },
  pointsAtGateway(raw, ctx) {
    return bridgePointsAtGateway(raw, ctx);
  },
};
