import { isDeepStrictEqual } from 'node:util';

import { applyEdits, modify } from 'jsonc-parser';

/** Indentation and line ending of an existing file, so our edits look like the user's. */
function detectFormatting(text: string): { insertSpaces: boolean; tabSize: number; eol: string } {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const indent = /^([ \t]+)\S/m.exec(text)?.[1] ?? '  ';
  return indent.startsWith('\t')
    ? { insertSpaces: false, tabSize: 1, eol }
    : { insertSpaces: true, tabSize: indent.length, eol };
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Rewrite only the entries that changed (one server, one gateway key, one entry of a gateway map
 * such as one profile), so comments, formatting and everything else in the file survive an API
 * change.
 */
export function editText(
  text: string,
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): string {
  const formattingOptions = detectFormatting(text);
  let current = text;
  const apply = (p: (string | number)[], value: unknown) => {
    current = applyEdits(current, modify(current, p, value, { formattingOptions }));
  };
  /** `depth` more object levels may be descended into below `at`. */
  const diff = (at: string[], b: unknown, a: unknown, depth: number) => {
    if (isDeepStrictEqual(b, a)) {
      return;
    }
    if (!isPlainObject(b) || !isPlainObject(a) || depth < 0) {
      apply(at, a);
      return;
    }
    for (const key of Object.keys(b)) {
      if (!(key in a)) {
        apply([...at, key], undefined);
      }
    }
    for (const [key, value] of Object.entries(a)) {
      diff([...at, key], b[key], value, depth - 1);
    }
  };
  // `gateway.profiles.<name>` is the deepest level edited on its own; a server is one entry.
  diff(['gateway'], before['gateway'], after['gateway'], 2);
  diff(['mcpServers'], before['mcpServers'], after['mcpServers'], 0);
  return current;
}
