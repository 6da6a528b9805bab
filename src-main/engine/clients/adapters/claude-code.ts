import type { AdapterContext, ClientAdapter, ClientLocation } from '../types.js';
import {
  authHeaders,
  envVar,
  inHome,
  location,
  obj,
  projectLocations,
  readStandard,
  urlPointsAtGateway,
} from './common.js';

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
    const out: ClientLocation[] = [
      location({
        id: 'user',
        file,
        container: ['mcpServers'],
        scope: 'user',
        label: 'user scope (~/.claude.json)',
      }),
    ];
    for (const project of await claudeProjects(ctx)) {
      out.push(
        location({
          id: `local:${project}`,
          file,
          container: ['projects', project, 'mcpServers'],
          scope: 'local',
          project,
          label: `local scope, project ${project}`,
        }),
      );
    }
    // What Claude Code itself decided about each project's .mcp.json is said beside its servers:
    // the gateway never imports them on its own, but the person should know before picking one.
    const known = obj(obj(await ctx.readJson(file))?.projects) ?? {};
    for (const loc of projectLocations(ctx, ['.mcp.json'], ['mcpServers'])) {
      const p = obj(known[loc.project ?? '']);
      if (p?.hasTrustDialogAccepted !== true) {
        loc.notes = ['Claude Code was never told to trust this project (its trust prompt was not accepted)'];
      }
      const names = (key: string) =>
        Array.isArray(p?.[key]) ? (p[key] as unknown[]).filter((n) => typeof n === 'string') : [];
      const entryNotes: Record<string, string[]> = {};
      for (const n of names('disabledMcpjsonServers')) {
        entryNotes[n as string] = ['Claude Code was told not to run this server in this project'];
      }
      if (p?.enableAllProjectMcpServers !== true) {
        for (const n of names('enabledMcpjsonServers')) {
          entryNotes[n as string] ??= ['approved in Claude Code for this project'];
        }
      }
      if (Object.keys(entryNotes).length > 0) {
        loc.entryNotes = entryNotes;
      }
      out.push(loc);
    }
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
