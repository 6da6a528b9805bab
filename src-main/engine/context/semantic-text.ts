import { createHash } from 'node:crypto';

import type { EmbeddingsSettings } from '../../../src-shared/config.js';
import type { CatalogTool } from '../types.js';
import type { Known, SemanticContext } from './semantic-state.js';

/** What is embedded for a tool, and the cache key of its vector. */

/** What is embedded for a tool: what it is called and what it says it does. */
export function toolText(t: CatalogTool): string {
  const d = t.definition;
  const words = (s: string): string =>
    s
      .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
      .replace(/[_\-.:/]+/g, ' ')
      .trim();
  const props = (d.inputSchema as { properties?: unknown } | undefined)?.properties;
  const params = props !== null && typeof props === 'object' ? Object.keys(props).map(words) : [];
  const parts = [
    `${words(t.name)} (${t.server})`,
    d.title ?? '',
    (d.description ?? '').replace(/\s+/g, ' ').slice(0, 1_000),
    params.length > 0 ? `Parameters: ${params.join(', ')}` : '',
  ];
  return parts.filter((p) => p.length > 0).join('. ');
}

/** A vector's key: the model and the text embedded, hashed. */
export function keyOf(model: string, text: string): string {
  return createHash('sha256').update(model).update('\u0000').update(text).digest('base64url').slice(0, 32);
}

/** A tool's text and key for the current model, computed again only when its definition changes. */
export function known(ctx: SemanticContext, s: EmbeddingsSettings, t: CatalogTool): Known {
  const k = ctx.keys.get(t.id);
  if (k !== undefined && k.definition === t.definition && k.model === s.model) {
    return k;
  }
  const text = toolText(t);
  const entry = { definition: t.definition, model: s.model, key: keyOf(s.model, text), text };
  ctx.keys.set(t.id, entry);
  if (ctx.keys.size > ctx.maxVectors * 2) {
    ctx.keys.clear();
    ctx.keys.set(t.id, entry);
  }
  return entry;
}
