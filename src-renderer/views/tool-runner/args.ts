/** Text parts of a CallToolResult, joined, for a readable answer; the raw JSON is one click away. */
export function resultText(r: Record<string, unknown>): string | undefined {
  const content = r.content;
  if (!Array.isArray(content)) {
    return undefined;
  }
  const texts = content.filter(
    (c): c is { type: 'text'; text: string } =>
      typeof c === 'object' && c !== null && (c as { type?: unknown }).type === 'text',
  );
  return texts.length > 0 ? texts.map((t) => t.text).join('\n\n') : undefined;
}

/** The JSON tab's text as arguments (empty means none), or what is wrong with it. */
export function parseJsonArgs(json: string): { args: Record<string, unknown> } | { error: string } {
  try {
    const parsed: unknown = JSON.parse(json.trim() === '' ? '{}' : json);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      return { error: 'The arguments must be a JSON object: { "name": value }.' };
    }
    return { args: parsed as Record<string, unknown> };
  } catch (err) {
    return { error: `Not valid JSON: ${(err as Error).message}` };
  }
}

/** What a field's label says about the kind of value it takes. */
export function kindHint(kind: string): string {
  return kind === 'string-list' ? 'one per line' : kind === 'json' ? 'JSON' : kind;
}
