import type { ProfilePreviewDto, ProfileSummaryDto } from '../../../src-shared/api/identity.js';
import type { ProfileConfig } from '../../../src-shared/config.js';
import { compileProfile, globMatcher, type Identity, type ProfileView } from '../identity/index.js';
import type { CatalogTool, EngineContext } from '../types.js';

/** A profile with what its clients see, priced with the same token counts as the budgets view. */
export function profileSummary(ctx: EngineContext, identity: Identity, name: string): ProfileSummaryDto {
  const config = ctx.config.current();
  const view = identity.profiles.get(name);
  const tools = selectedTools(ctx, view);
  const cfg: ProfileConfig = config.gateway.profiles[name] ?? {};
  return {
    name,
    config: cfg,
    defined: config.gateway.profiles[name] !== undefined,
    mode: view.mode ?? config.gateway.mode,
    tools: tools.length,
    tokens: tools.reduce((n, t) => n + t.tokens, 0),
    servers: Object.keys(config.mcpServers).filter((s) => view.allowsServer(s)),
    clients: identity
      .list()
      .filter((t) => t.profile === name)
      .map((t) => t.name),
  };
}

/** The catalog's visible tools as a profile narrows them (the same figures as the budgets view). */
function selectedTools(ctx: EngineContext, view: ProfileView): CatalogTool[] {
  return ctx.catalog.tools().filter((t) => t.visible && view.allowsTool(t.server, t.id));
}

/** What `config` would select, without writing it. */
export function profilePreview(ctx: EngineContext, config: ProfileConfig): ProfilePreviewDto {
  const view = compileProfile('preview', config);
  const visible = ctx.catalog.tools().filter((t) => t.visible);
  const selected = visible.filter((t) => view.allowsTool(t.server, t.id));
  const inServers = visible.filter((t) => view.allowsServer(t.server));
  const unmatched = (patterns: string[] | undefined) =>
    (patterns ?? []).filter((p) => {
      const m = globMatcher(p);
      return !inServers.some((t) => m(t.id));
    });
  const ids = new Set(selected.map((t) => t.id));
  return {
    mode: config.mode ?? ctx.config.current().gateway.mode,
    tools: selected.length,
    tokens: selected.reduce((n, t) => n + t.tokens, 0),
    servers: Object.keys(ctx.config.current().mcpServers).filter((s) => view.allowsServer(s)),
    all: { tools: visible.length, tokens: visible.reduce((n, t) => n + t.tokens, 0) },
    selected: selected
      .map((t) => ({ id: t.id, server: t.server, tokens: t.tokens }))
      .sort((a, b) => b.tokens - a.tokens || a.id.localeCompare(b.id)),
    unmatched: { allow: unmatched(config.allow), deny: unmatched(config.deny) },
    pinnedOutside: (config.pinned ?? []).filter((p) => !ids.has(p)),
  };
}
