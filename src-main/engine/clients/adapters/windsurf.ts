import type { ClientAdapter } from '../types.js';
import { authHeaders, defined, inHome, location, readStandard, urlPointsAtGateway } from './common.js';

export const windsurf: ClientAdapter = {
  id: 'windsurf',
  name: 'Windsurf',
  transport: 'http',
  // Not from Windsurf's own sources; "windsurf-client" is what several MCP servers' client tables record.
  handshakeNames: ['windsurf-client', 'windsurf'],
  reloadHint: "Press the refresh button in Windsurf's MCP panel (Cascade → MCP servers).",
  installDirs(ctx) {
    return defined([inHome(ctx, '.codeium', 'windsurf')]);
  },
  async locations(ctx) {
    const file = inHome(ctx, '.codeium', 'windsurf', 'mcp_config.json');
    return file === undefined
      ? []
      : [location({ id: 'user', file, container: ['mcpServers'], scope: 'user', label: 'user settings' })];
  },
  read(name, raw) {
    return readStandard(name, raw, {
      urlKeys: [{ key: 'serverUrl' }, { key: 'url' }],
      disabledKey: 'disabled',
    });
  },
  gatewayEntry(ctx) {
    return { serverUrl: ctx.gatewayUrl, ...authHeaders(ctx) };
  },
  pointsAtGateway(raw, ctx) {
    return urlPointsAtGateway(raw, ctx, ['serverUrl', 'url']);
  },
};
