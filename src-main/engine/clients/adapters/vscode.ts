import type { AdapterContext, ClientAdapter, ClientLocation } from '../types.js';
import {
  appConfigDir,
  authHeaders,
  defined,
  inHome,
  location,
  projectLocations,
  readStandard,
  urlPointsAtGateway,
} from './common.js';

interface Flavour {
  id: string;
  name: string;
  /** Folder under the per-user settings folder: `Code`, `Code - Insiders`. */
  folder: string;
  handshakeNames: string[];
  /** Also look at the VS Code Server (remote) user folder. */
  server: boolean;
  /** Workspace `.vscode/mcp.json` files are shared by both flavours; only one reports them. */
  workspace: boolean;
}

function userDir(ctx: AdapterContext, folder: string): string | undefined {
  const base = appConfigDir(ctx);
  return base === undefined ? undefined : ctx.path.join(base, folder, 'User');
}

function vscodeLike(f: Flavour): ClientAdapter {
  return {
    id: f.id,
    name: f.name,
    transport: 'http',
    handshakeNames: f.handshakeNames,
    reloadHint:
      'VS Code watches the file; if the gateway does not appear, run "MCP: List Servers" and start it.',
    installDirs(ctx) {
      return defined([userDir(ctx, f.folder)]);
    },
    async locations(ctx) {
      const out: ClientLocation[] = [];
      const user = userDir(ctx, f.folder);
      if (user !== undefined) {
        out.push(
          location({
            id: 'user',
            file: ctx.path.join(user, 'mcp.json'),
            format: 'jsonc',
            container: ['servers'],
            scope: 'user',
            label: 'user (default profile)',
          }),
        );
        // Every profile has its own mcp.json.
        const profiles = ctx.path.join(user, 'profiles');
        for (const id of (await ctx.listDir(profiles)).sort()) {
          out.push(
            location({
              id: `profile:${id}`,
              file: ctx.path.join(profiles, id, 'mcp.json'),
              format: 'jsonc',
              container: ['servers'],
              scope: 'user',
              label: `profile ${id}`,
            }),
          );
        }
      }
      const server = f.server ? inHome(ctx, '.vscode-server', 'data', 'User', 'mcp.json') : undefined;
      if (server !== undefined) {
        out.push(
          location({
            id: 'server',
            file: server,
            format: 'jsonc',
            container: ['servers'],
            scope: 'user',
            label: 'VS Code Server (remote)',
          }),
        );
      }
      if (f.workspace) {
        out.push(...projectLocations(ctx, ['.vscode', 'mcp.json'], ['servers'], 'jsonc'));
      }
      return out;
    },
    read(name, raw) {
      return readStandard(name, raw, { dropped: { sandbox: '', dev: '' } });
    },
    gatewayEntry(ctx) {
      return { type: 'http', url: ctx.gatewayUrl, ...authHeaders(ctx) };
    },
    pointsAtGateway(raw, ctx) {
      return urlPointsAtGateway(raw, ctx);
    },
  };
}

export const vscode = vscodeLike({
  id: 'vscode',
  name: 'VS Code',
  folder: 'Code',
  handshakeNames: ['Visual Studio Code'],
  server: true,
  workspace: true,
});
export const vscodeInsiders = vscodeLike({
  id: 'vscode-insiders',
  name: 'VS Code Insiders',
  folder: 'Code - Insiders',
  handshakeNames: ['Visual Studio Code - Insiders'],
  server: false,
  workspace: false,
});
