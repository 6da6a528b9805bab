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

export const gemini: ClientAdapter = {
  id: 'gemini',
  name: 'Gemini CLI',
  transport: 'http',
  // Some Gemini CLI versions append the server name (`gemini-cli-mcp-client-<server>`): prefix match.
  handshakeNames: ['gemini-cli-mcp-client*'],
  reloadHint: 'Start a new Gemini CLI session (or run /mcp refresh) to pick up the change.',
  installDirs(ctx) {
    return defined([inHome(ctx, '.gemini')]);
  },
  async locations(ctx) {
    const file = inHome(ctx, '.gemini', 'settings.json');
    return [
      ...(file === undefined
        ? []
        : [
            location({
              id: 'user',
              file,
              format: 'jsonc',
              container: ['mcpServers'],
              scope: 'user',
              label: 'user settings',
            }),
          ]),
      ...projectLocations(ctx, ['.gemini', 'settings.json'], ['mcpServers'], 'jsonc'),
    ];
  },
  read(name, raw) {
    // `httpUrl` is Streamable HTTP; a plain `url` is SSE in Gemini CLI.
    return readStandard(name, raw, {
      urlKeys: [
        { key: 'httpUrl', type: 'http' },
        { key: 'url', type: 'sse' },
      ],
      dropped: { trust: '' },
    });
  },
  gatewayEntry(ctx) {
    return { httpUrl: ctx.gatewayUrl, ...authHeaders(ctx) };
  },
  pointsAtGateway(raw, ctx) {
    return urlPointsAtGateway(raw, ctx, ['httpUrl', 'url']);
  },
};
