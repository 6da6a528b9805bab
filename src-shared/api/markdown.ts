import { z } from 'zod';

import { API_PREFIX, type RouteDef } from './contract.js';

/** Markdown reference of the routes, generated from the contract (docs/API.md embeds it). */

function fields(schema: z.ZodType | undefined): string {
  if (schema === undefined) {
    return '';
  }
  const js = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, unknown>;
    required?: string[];
    additionalProperties?: unknown;
  };
  const names = Object.keys(js.properties ?? {});
  if (names.length === 0) {
    return js.additionalProperties !== undefined ? 'object' : '';
  }
  const required = new Set(js.required ?? []);
  return names.map((n) => (required.has(n) ? `\`${n}\`` : `\`${n}?\``)).join(', ');
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function renderRouteTable(routes: readonly RouteDef[]): string {
  const lines = ['| Method | Path | Query / body | Answer | What it does |', '|---|---|---|---|---|'];
  for (const r of routes) {
    const input = [r.query ? `query: ${fields(r.query)}` : '', r.body ? `body: ${fields(r.body)}` : '']
      .filter(Boolean)
      .join('<br>');
    const answer = r.kind === 'sse' ? 'SSE stream' : `${r.status ?? 200} JSON`;
    lines.push(
      `| ${r.method} | \`${API_PREFIX}${r.path}\` | ${cell(input)} | ${answer} | ${cell(r.summary)} |`,
    );
  }
  return lines.join('\n') + '\n';
}
