import type { AdapterContext, ClientAdapter, ClientLocation } from '../types.js';
import { authHeaders, envVar, inHome, location, obj, projectLocations, readStandard, urlPointsAtGateway } from './common.js';

/** `$CLAUDE_CONFIG_DIR/.claude.json`, else `~/.claude.json`. */
export function claudeJsonPath(ctx: AdapterContext): string | undefined {
  const dir = envVar(ctx, 'CLAUDE_CONFIG_DIR');
  return dir !== undefined ? ctx.path.join(dir, '.claude.json') : inHome(ctx, '.claude.json');
}

/** Project folders Claude Code knows: the keys of `projects` in `~/.claude.json`. */
export async function claudeProjects(ctx: AdapterContext): Promise<string[]> {
  const file = claudeJsonPath(ctx);
  if (file === undefined) {
    return [];
  }
  const projects = obj(obj(await ctx.readJson(file))?.projects);
  return projects === undefined ? [] : Object.keys(projects).filter((p) => p !== '');
}

export const claudeCode: ClientAdapter = {
  id: 'claude-code',
  name: 'Claude Code',
  transport: 'http',
  handshakeNames: ['claude-code'],
  reloadHint: 'Start a new Claude Code session (or run /mcp) to pick up the change.',
  installDirs(ctx) {
    const dir = envVar(ctx, 'CLAUDE_CONFIG_DIR') ?? inHome(ctx, '.claude');
    return dir === undefined ? [] : [dir];
  },
  async locations(ctx) {
    const file = claudeJsonPath(ctx);
    if (file === undefined) {
      return [];
    }
    const out: ClientLocation[] = [location({ id: 'user', file, container: ['mcpServers'], scope: 'user', label: 'user scope (~/.claude.json)' })];
    for (const project of await claudeProjects(ctx)) {
      out.push(
        location({ id: `local:${project}`, file, container: ['projects', project, 'mcpServers'], scope: 'local', project, label: `local scope, project ${project}` }),
      );
    }
    out.push(...projectLocations(ctx, ['.mcp.json'], ['mcpServers']));
    return out;
  },
  read(name, raw) {
    return readStandard(name, raw, {
      dropped: { alwaysLoad: '', timeout: '' },
    });
  },
  gatewayEntry(ctx) {
    // Claude Code skips a `url` entry without `type`.
    return { type: 'http', url: ctx.gatewayUrl, ...authHeaders(ctx) };
  },
  pointsAtGateway(raw, ctx) {
    return urlPointsAtGateway(raw, ctx);
  },
};
