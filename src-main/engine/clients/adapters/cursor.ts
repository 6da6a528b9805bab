import type { ClientAdapter } from '../types.js';
import {
  authHeaders,
  defined,
  inHome,
  location,
  projectLocations,
  readStandard,
  urlPointsAtGateway,
} from './common.js';

export const cursor: ClientAdapter = {
  id: 'cursor',
  name: 'Cursor',
  transport: 'http',
  handshakeNames: ['cursor-vscode'],
  reloadHint: 'Open Cursor Settings → MCP and switch the gateway on (or reload the window).',
  installDirs(ctx) {
    return defined([inHome(ctx, '.cursor')]);
  },
  async locations(ctx) {
    const file = inHome(ctx, '.cursor', 'mcp.json');
    return [
      ...(file === undefined
        ? []
        : [
            location({
              id: 'user',
              file,
              container: ['mcpServers'],
              scope: 'user',
              label: 'global (~/.cursor/mcp.json)',
            }),
          ]),
      ...projectLocations(ctx, ['.cursor', 'mcp.json'], ['mcpServers']),
    ];
  },
  read(name, raw) {
    return readStandard(name, raw);
  },
  gatewayEntry(ctx) {
    return { url: ctx.gatewayUrl, ...authHeaders(ctx) };
  },
  pointsAtGateway(raw, ctx) {
    return urlPointsAtGateway(raw, ctx);
  },
};
