import type { ClientAdapter } from '../types.js';
import { authHeaders, defined, inHome, location, readStandard, urlPointsAtGateway } from './common.js';

export const lmStudio: ClientAdapter = {
  id: 'lm-studio',
  name: 'LM Studio',
  transport: 'http',
  // Guess: not confirmed from LM Studio's sources.
  handshakeNames: ['lmstudio', 'LM Studio'],
  reloadHint:
    'LM Studio picks up mcp.json from its Program tab (Install → Edit mcp.json); reopen it if needed.',
  installDirs(ctx) {
    return defined([inHome(ctx, '.lmstudio'), inHome(ctx, '.cache', 'lm-studio')]);
  },
  async locations(ctx) {
    const file = inHome(ctx, '.lmstudio', 'mcp.json');
    const legacy = inHome(ctx, '.cache', 'lm-studio', 'mcp.json');
    const legacyOnly =
      legacy !== undefined &&
      !(await ctx.exists(inHome(ctx, '.lmstudio') ?? '')) &&
      (await ctx.exists(legacy));
    return [
      ...(file === undefined
        ? []
        : [
            location({
              id: 'user',
              file,
              container: ['mcpServers'],
              scope: 'user',
              label: 'user settings',
              connect: !legacyOnly,
            }),
          ]),
      ...(legacy === undefined
        ? []
        : [
            location({
              id: 'legacy',
              file: legacy,
              container: ['mcpServers'],
              scope: 'user',
              label: 'older install (~/.cache/lm-studio)',
              connect: legacyOnly,
            }),
          ]),
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
