import {
  SERVER_NAME_PATTERN,
  type ServerConfig,
  ServerConfigSchema,
  serverReferences,
} from '../../../src-shared/config.js';
import { GatewayError } from '../../../src-shared/errors.js';
import type { EngineContext } from '../types.js';
import { applyPatch } from './config-patch.js';
import { validationError } from './errors.js';
import { notFound } from './server-views.js';

/** Edits of a server's config entry that the API offers; each refuses what it cannot do, saying why. */

export async function addServer(ctx: EngineContext, name: string, config: ServerConfig): Promise<void> {
  if (!SERVER_NAME_PATTERN.test(name)) {
    throw new GatewayError(
      'VALIDATION_FAILED',
      `name: "${name}" is not a valid server name — use letters, digits, "-", "_" and "." (start with a letter or digit, at most 48 characters)`,
      { field: 'name' },
    );
  }
  await ctx.config.update((draft) => {
    if (draft.mcpServers[name] !== undefined) {
      throw new GatewayError(
        'SERVER_EXISTS',
        `a server named '${name}' already exists: pick another name or change it with \`mcp-gateway servers\`/PATCH`,
      );
    }
    draft.mcpServers[name] = config;
  });
}

/** Applies a patch (`null` deletes, `tools` merges) and checks the result against the schema. */
export async function patchServer(
  ctx: EngineContext,
  name: string,
  patch: Record<string, unknown>,
): Promise<void> {
  await ctx.config.update((draft) => {
    const s = draft.mcpServers[name];
    if (s === undefined) {
      throw notFound(name);
    }
    const next = { ...s } as Record<string, unknown>;
    applyPatch(next, patch, new Set(['tools']));
    const checked = ServerConfigSchema.safeParse(next);
    if (!checked.success) {
      throw validationError(checked.error, ['mcpServers', name]);
    }
    draft.mcpServers[name] = next as ServerConfig;
  });
}

export async function removeServer(ctx: EngineContext, name: string): Promise<void> {
  await ctx.config.update((draft) => {
    if (draft.mcpServers[name] === undefined) {
      throw notFound(name);
    }
    delete draft.mcpServers[name];
  });
}

export async function setServerDisabled(ctx: EngineContext, name: string, disabled: boolean): Promise<void> {
  await ctx.config.update((draft) => {
    const s = draft.mcpServers[name];
    if (s === undefined) {
      throw notFound(name);
    }
    if (disabled) {
      s.disabled = true;
    } else {
      delete s.disabled;
    }
  });
}

/** Adds environment variable names to the server's `allow` list (case-insensitively new ones only). */
export async function allowKeys(ctx: EngineContext, name: string, keys: readonly string[]): Promise<void> {
  await ctx.config.update((draft) => {
    const s = draft.mcpServers[name];
    if (s === undefined) {
      throw notFound(name);
    }
    const have = (s.allow ?? []) as string[];
    const added = keys.filter((k) => !have.some((h) => h.toUpperCase() === k.toUpperCase()));
    if (added.length > 0) {
      s.allow = [...have, ...added];
    }
  });
}

/** Approves an imported server, refusing when it now wants variables the user has not seen. */
export async function approveImported(
  ctx: EngineContext,
  name: string,
  seen: readonly string[] | undefined,
): Promise<void> {
  await ctx.config.update((draft) => {
    const s = draft.mcpServers[name];
    if (s === undefined || s.origin === undefined) {
      throw notFound(name);
    }
    const wants = serverReferences(s as ServerConfig);
    const unseen = seen === undefined ? [] : wants.filter((v) => !seen.includes(v));
    if (unseen.length > 0) {
      throw new GatewayError(
        'CONFIG_INVALID',
        `server '${name}' changed since you looked: it now also wants ${unseen.map((v) => '${' + v + '}').join(', ')} — look at it again, then approve`,
      );
    }
    s.origin = { ...s.origin, approved: true, variables: wants };
  });
}
