import type { ToolSummary } from '../../../src-shared/api/schemas.js';

export interface ServerCost {
  server: string;
  visible: number;
  hidden: number;
}

/** Tokens per server, visible and hidden, the costliest visible first. */
export function costByServer(tools: ToolSummary[]): ServerCost[] {
  const m = new Map<string, ServerCost>();
  for (const t of tools) {
    const e = m.get(t.server) ?? { server: t.server, visible: 0, hidden: 0 };
    if (t.visible) {
      e.visible += t.tokens;
    } else {
      e.hidden += t.tokens;
    }
    m.set(t.server, e);
  }
  return [...m.values()].sort((a, b) => b.visible - a.visible);
}

/** The twelve costliest visible tools. */
export function costliestTools(tools: ToolSummary[]): { name: string; tokens: number }[] {
  return tools
    .filter((t) => t.visible)
    .sort((a, b) => b.tokens - a.tokens)
    .slice(0, 12)
    .map((t) => ({ name: t.id, tokens: t.tokens }));
}

/** Tools whose id or description contains the filter text (any case), the costliest first. */
export function filterTools(tools: ToolSummary[], q: string): ToolSummary[] {
  const ql = q.toLowerCase();
  return tools
    .filter(
      (t) => ql === '' || t.id.toLowerCase().includes(ql) || (t.description ?? '').toLowerCase().includes(ql),
    )
    .sort((a, b) => b.tokens - a.tokens);
}

/** The height of a bar chart with `rows` bars of `per` pixels, never under 140. */
export function chartHeight(rows: number, per: number): number {
  return Math.max(140, rows * per + 40);
}

/** A label cut to `max` characters with an ellipsis. */
export function shorten(v: string, max: number): string {
  return v.length > max ? `${v.slice(0, max - 1)}…` : v;
}
