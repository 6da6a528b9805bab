import type { ClientAdapter } from '../types.js';
import { authHeaders, defined, inHome, location, readStandard, urlPointsAtGateway } from './common.js';

export const continueDev: ClientAdapter = {
  id: 'continue',
  name: 'Continue',
  transport: 'http',
  // Guess ("continue-client" appears in one third-party client table): not confirmed from Continue's sources.
  handshakeNames: ['continue-client', 'continue'],
  reloadHint: 'Continue reloads config.yaml on save; MCP tools show in agent mode.',
  installDirs(ctx) {
    return defined([inHome(ctx, '.continue')]);
  },
  async locations(ctx) {
    const file = inHome(ctx, '.continue', 'config.yaml');
    return file === undefined
      ? []
      : [
          location({
            id: 'user',
            file,
            format: 'yaml',
            container: ['mcpServers'],
            containerKind: 'list',
            scope: 'user',
            label: 'user config.yaml',
          }),
        ];
  },
  read(name, raw) {
    const entry = readStandard(name, raw);
    if (entry.config !== undefined && /\$\{\{\s*(secrets|inputs)\./.test(JSON.stringify(entry.config))) {
      entry.notes.push(
        'uses Continue ${{ secrets.* }} values: give the gateway the real values (or ${secret:NAME})',
      );
    }
    return entry;
  },
  gatewayEntry(ctx) {
    const headers = authHeaders(ctx).headers;
    return {
      name: ctx.entryName,
      type: 'streamable-http',
      url: ctx.gatewayUrl,
      ...(headers === undefined ? {} : { requestOptions: { headers } }),
    };
  },
  pointsAtGateway(raw, ctx) {
    return urlPointsAtGateway(raw, ctx);
  },
};
