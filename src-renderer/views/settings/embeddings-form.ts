import type { EmbeddingsStatus, EmbeddingsTest } from '../../../src-shared/api/context.js';

/** The secret's name inside `${secret:NAME}`, for the form. */
export function secretName(ref: string | undefined): string {
  return /^\$\{secret:(.+)\}$/.exec(ref ?? '')?.[1] ?? '';
}

/** The endpoint as typed, to test: URL and model trimmed, the key as a reference to the named secret. */
export function endpointForm(
  url: string,
  model: string,
  secret: string,
): { url: string; model: string; apiKey?: string } {
  return {
    url: url.trim(),
    model: model.trim(),
    ...(secret.trim() !== '' ? { apiKey: `\${secret:${secret.trim()}}` } : {}),
  };
}

/** The settings change that uses the typed endpoint: switched on, and no key when no secret is named. */
export function endpointSettings(url: string, model: string, secret: string): Record<string, unknown> {
  const form = endpointForm(url, model, secret);
  return { enabled: true, ...form, apiKey: form.apiKey ?? null };
}

/** What the connection test found, in words (a figure the endpoint did not give is left blank). */
export function testResultText(t: EmbeddingsTest): string {
  return t.ok
    ? `Connected: ${t.model} answers ${t.dimensions ?? ''} dimensions in ${t.latencyMs} ms`
    : `Connection failed: ${t.error?.message ?? ''}`;
}

/** What semantic search is doing now; undefined while it is off (or unknown). */
export function embeddingsStatusText(s: EmbeddingsStatus | undefined): string | undefined {
  if (s === undefined || s.state === 'off') {
    return undefined;
  }
  return s.state === 'ready'
    ? `In use: ${s.vectors} tool vectors (${s.dimensions ?? '?'} dimensions)${s.lastQueryMs !== undefined ? `, last query ${s.lastQueryMs} ms` : ''}.`
    : `Searches rank by words only: ${s.reason ?? s.state}.`;
}
