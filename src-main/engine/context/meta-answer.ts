import { type CallToolResult, ProtocolError, ProtocolErrorCode } from '@modelcontextprotocol/client';

import type { MetaServer } from './meta-types.js';
import type { SearchHit } from './search-types.js';

/** What the meta tools answer: text results, the server list, search answers within budget, errors. */

export function invalid(message: string): ProtocolError {
  return new ProtocolError(ProtocolErrorCode.InvalidParams, message);
}

export function text(value: string, structured?: Record<string, unknown>): CallToolResult {
  return {
    content: [{ type: 'text', text: value }],
    ...(structured !== undefined ? { structuredContent: structured } : {}),
  };
}

export function serversText(servers: readonly MetaServer[]): string {
  const lines = servers.map(
    (s) =>
      `${s.name} (${s.state}, ${s.toolCount} tools)${s.description !== undefined ? ` — ${s.description}` : ''}`,
  );
  return lines.length > 0 ? lines.join('\n') : 'No servers are configured.';
}

export function hitLine(h: SearchHit, withWhy = true): string {
  const req = h.required.map((p) => `${p.name}: ${p.type}`).join(', ');
  const why = withWhy && h.matched.length > 0 ? ` | matched: ${h.matched.join(', ')}` : '';
  return `${h.id} — ${h.summary || '(no description)'}${req.length > 0 ? ` | required: ${req}` : ''}${why}`;
}

/**
 * A default search answer stays under 400 tokens: past this many characters (answers run at
 * 3.7 or more characters per o200k token), the "matched" part is dropped from the last lines up.
 * Counted in characters so meta mode never loads the tokenizer.
 */
export const ANSWER_CHARS = 1400;

export function answerText(hits: readonly SearchHit[], budget: boolean): string {
  const lines = hits.map((h) => hitLine(h));
  let length = lines.reduce((n, l) => n + l.length + 1, 0);
  for (let i = hits.length - 1; budget && i >= 0 && length > ANSWER_CHARS; i--) {
    const short = hitLine(hits[i] as SearchHit, false);
    length -= (lines[i]?.length ?? 0) - short.length;
    lines[i] = short;
  }
  return lines.join('\n');
}
