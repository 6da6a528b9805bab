import {
  type Prompt,
  ProtocolError,
  ProtocolErrorCode,
  type Resource,
  type ResourceTemplateType as ResourceTemplate,
  type Tool,
} from '@modelcontextprotocol/client';

import { GatewayError } from '../../../src-shared/errors.js';
import { HIDDEN_BY_CONTROLS, type HiddenReason } from '../../../src-shared/hidden-reasons.js';
import type { CatalogTool } from '../types.js';
import type { OtherViews, ServerLists, ToolViews } from './views.js';

/**
 * What a client may see, as the frontends set it per session or request.
 * `undefined` server = every server (prefixed names); a name = passthrough to that server.
 */
export interface Scope {
  server?: string;
  /** The client's profile (identity/profiles.ts): narrows lists and calls; absent = everything. */
  profile?: ScopeProfile;
}

/** A profile as the catalog applies it: the subset of `ProfileView` this seam needs. */
export interface ScopeProfile {
  readonly all: boolean;
  allowsServer(server: string): boolean;
  allowsTool(server: string, id: string): boolean;
  memo<T>(key: object, make: () => T): T;
}

/** Held back by tool trust until the user reviews it: callers learn why instead of "unknown tool". */
const HELD_BACK: HiddenReason = 'held-back';

// Everything here is pure: views and lists in, a list or a target out. A list a scope sees is
// either the view's own array or a profile's filtered copy memoised per that array, so the
// identity rule of the views (same array until the next change) holds for scoped lists too.

/** A `/mcp/<server>` scope names a configured server the client's profile allows. */
export function checkScope(servers: ReadonlyMap<string, unknown>, scope: Scope): void {
  if (
    scope.server !== undefined &&
    (!servers.has(scope.server) || scope.profile?.allowsServer(scope.server) === false)
  ) {
    throw new GatewayError('SERVER_NOT_FOUND', `There is no server named "${scope.server}".`);
  }
}

/** The server a scoped request goes to, refused like an unknown one when outside the profile. */
export function inScope(scope: Scope, server: string, what: string): string {
  if (scope.profile !== undefined && !scope.profile.allowsServer(server)) {
    throw new ProtocolError(
      ProtocolErrorCode.InvalidParams,
      `${what} not found: no server behind the gateway offers it.`,
    );
  }
  return server;
}

/** Resources and prompts of servers outside the client's profile are not theirs to see. */
function inProfile<T>(scope: Scope, base: T[], serverOf: (item: T) => string | undefined): T[] {
  const profile = scope.profile;
  if (profile === undefined || profile.all) {
    return base;
  }
  return profile.memo(base, () =>
    base.filter((item) => {
      const server = serverOf(item);
      return server !== undefined && profile.allowsServer(server);
    }),
  );
}

export function toolsInScope(tv: ToolViews, scope: Scope): Tool[] {
  const base = scope.server === undefined ? tv.visibleAll : (tv.visibleByServer.get(scope.server) ?? []);
  const profile = scope.profile;
  if (profile === undefined || profile.all) {
    return base;
  }
  // Memoised per list array, so the hot path's serialised-list cache keeps working.
  return profile.memo(base, () =>
    base.filter((tool) => {
      const t =
        scope.server === undefined ? tv.byId.get(tool.name) : tv.byServer.get(scope.server)?.get(tool.name);
      return t !== undefined && profile.allowsTool(t.server, t.id);
    }),
  );
}

export function resourcesInScope(
  ov: OtherViews,
  lists: ReadonlyMap<string, ServerLists>,
  scope: Scope,
): Resource[] {
  const base = scope.server === undefined ? ov.resourcesAll : (lists.get(scope.server)?.resources ?? []);
  return inProfile(scope, base, (r) => scope.server ?? ov.resourceOwner.get(r.uri));
}

export function templatesInScope(
  ov: OtherViews,
  lists: ReadonlyMap<string, ServerLists>,
  scope: Scope,
): ResourceTemplate[] {
  const base =
    scope.server === undefined ? ov.templatesAll : (lists.get(scope.server)?.resourceTemplates ?? []);
  return inProfile(
    scope,
    base,
    (t) => scope.server ?? ov.templateOwners.find((x) => x.raw === t.uriTemplate)?.server,
  );
}

export function promptsInScope(
  ov: OtherViews,
  lists: ReadonlyMap<string, ServerLists>,
  scope: Scope,
): Prompt[] {
  const base = scope.server === undefined ? ov.promptsAll : (lists.get(scope.server)?.prompts ?? []);
  return inProfile(scope, base, (p) => scope.server ?? ov.promptNames.resolve(p.name)?.server);
}

/**
 * A tool called by its server's own name on the aggregated endpoint (what an MCP App does):
 * found when exactly one server has a tool of that name that may be called.
 */
function resolveOwnName(tv: ToolViews, name: string): CatalogTool | undefined {
  const candidates = (tv.byOwnName.get(name) ?? []).filter(
    (t) => t.hiddenReason === undefined || !HIDDEN_BY_CONTROLS.has(t.hiddenReason),
  );
  if (candidates.length > 1) {
    const ids = candidates.map((t) => `"${t.id}"`).join(', ');
    throw new GatewayError(
      'TOOL_AMBIGUOUS',
      `Tool "${name}" is offered by ${candidates.length} servers; call it by its gateway name: ${ids}.`,
    );
  }
  return candidates[0];
}

/** The tool a client names in its scope, if it may call it (undefined: unknown to this client). */
export function resolveTool(
  tv: ToolViews,
  scope: Scope,
  name: string,
): { server: string; name: string } | undefined {
  const t =
    scope.server === undefined
      ? (tv.byId.get(name) ?? resolveOwnName(tv, name))
      : tv.byServer.get(scope.server)?.get(name);
  // Outside the client's profile a tool does not exist, whatever its state.
  if (t !== undefined && scope.profile !== undefined && !scope.profile.allowsTool(t.server, t.id)) {
    return undefined;
  }
  if (t?.hiddenReason === HELD_BACK) {
    throw new ProtocolError(
      ProtocolErrorCode.InvalidParams,
      `Unknown tool "${name}". ${t.hiddenNote ?? 'It is held back for review.'}`,
    );
  }
  // App-only tools are not listed to the model, but their app calls them.
  const callable = t !== undefined && (t.visible || t.hiddenReason === 'app-only');
  return callable ? { server: t.server, name: t.name } : undefined;
}

/** The tool a call names (by exposed id, or server and own name), refused with what to do. */
export function resolveCallTarget(
  tv: ToolViews,
  target: { id: string } | { server: string; name: string },
): CatalogTool {
  const tool =
    'id' in target
      ? (tv.byId.get(target.id) ?? resolveOwnName(tv, target.id))
      : tv.byServer.get(target.server)?.get(target.name);
  const label = 'id' in target ? target.id : `${target.server}/${target.name}`;
  if (tool === undefined) {
    throw new GatewayError(
      'TOOL_NOT_FOUND',
      `Unknown tool "${label}". List the tools to see what is available.`,
    );
  }
  if (tool.hiddenReason === HELD_BACK) {
    throw new GatewayError('TOOL_HELD_BACK', tool.hiddenNote ?? `Tool "${label}" is held back for review.`);
  }
  if (tool.hiddenReason !== undefined && HIDDEN_BY_CONTROLS.has(tool.hiddenReason)) {
    throw new GatewayError(
      'TOOL_DISABLED',
      `Tool "${label}" is switched off (${tool.hiddenReason}). Enable it in the gateway to use it.`,
    );
  }
  return tool;
}

export function resolvePrompt(ov: OtherViews, scope: Scope, name: string): { server: string; name: string } {
  if (scope.server !== undefined) {
    return { server: scope.server, name };
  }
  const t = ov.promptNames.resolve(name);
  if (t === undefined) {
    throw new ProtocolError(
      ProtocolErrorCode.InvalidParams,
      `Unknown prompt "${name}". List the prompts to see what is available.`,
    );
  }
  return t;
}

/**
 * The server a resource URI goes to: the scope's own, the one listing it, the first whose
 * template matches, else the only server offering resources at all (servers may serve URIs they
 * do not list).
 */
export function serverForUri(
  ov: OtherViews,
  scope: Scope,
  uri: string,
  resourceServers: () => string[],
): string {
  if (scope.server !== undefined) {
    return scope.server;
  }
  const owner = ov.resourceOwner.get(uri);
  if (owner !== undefined) {
    return owner;
  }
  for (const t of ov.templateOwners) {
    if (t.template.match(uri) !== null) {
      return t.server;
    }
  }
  const withResources = resourceServers();
  if (withResources.length === 1 && withResources[0] !== undefined) {
    return withResources[0];
  }
  throw new ProtocolError(
    ProtocolErrorCode.InvalidParams,
    `Resource not found: no server behind the gateway offers "${uri}".`,
    { uri },
  );
}

/** What request targets need besides the scope: the views, configured servers, resource servers. */
export interface TargetContext {
  readonly others: OtherViews;
  readonly servers: ReadonlyMap<string, unknown>;
  /** Servers that offer resources at all (for a URI nobody lists). */
  resourceServers(): string[];
}

/** The server a resource URI of a scope goes to (resources/read, subscribe). */
export function resourceTarget(tc: TargetContext, scope: Scope, uri: string): string {
  checkScope(tc.servers, scope);
  return inScope(
    scope,
    serverForUri(tc.others, scope, uri, () => tc.resourceServers()),
    `Resource "${uri}"`,
  );
}

/** Where a scope's prompts/get goes, with the prompt's own name. */
export function promptTarget(
  tc: TargetContext,
  scope: Scope,
  params: Record<string, unknown>,
): { server: string; params: Record<string, unknown> } {
  checkScope(tc.servers, scope);
  const t = resolvePrompt(tc.others, scope, String(params['name']));
  const server = inScope(scope, t.server, `Prompt "${String(params['name'])}"`);
  return { server, params: { ...params, name: t.name } };
}

/** Where a scope's completion/complete goes: the prompt's server, or the resource template's. */
export function completionTarget(
  tc: TargetContext,
  scope: Scope,
  params: Record<string, unknown>,
): { server: string; params: Record<string, unknown> } {
  checkScope(tc.servers, scope);
  const ref = params['ref'] as { type?: string; name?: string; uri?: string } | undefined;
  if (ref?.type === 'ref/prompt' && typeof ref.name === 'string') {
    const t = resolvePrompt(tc.others, scope, ref.name);
    const server = inScope(scope, t.server, `Prompt "${ref.name}"`);
    return { server, params: { ...params, ref: { ...ref, name: t.name } } };
  }
  if (ref?.type === 'ref/resource' && typeof ref.uri === 'string') {
    const server =
      scope.server ??
      tc.others.templateOwners.find((t) => t.raw === ref.uri)?.server ??
      serverForUri(tc.others, scope, ref.uri, () => tc.resourceServers());
    return { server: inScope(scope, server, `Resource "${ref.uri}"`), params };
  }
  throw new ProtocolError(
    ProtocolErrorCode.InvalidParams,
    'completion/complete needs a ref of type "ref/prompt" (with name) or "ref/resource" (with uri).',
  );
}
