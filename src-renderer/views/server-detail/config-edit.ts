import { ServerConfigSchema } from '../../../src-shared/config.js';
import { commandLine } from '../../lib/catalog.js';

/** The edited config as the update body, or what is wrong with the text (said before anything is sent). */
export type ConfigUpdate = { body: Record<string, unknown> } | { problem: string };

/**
 * The JSON typed in the config editor as the body of a server update. Fields left out are removed
 * (null); "[redacted]" values keep the stored secret (the engine keeps them).
 */
export function configUpdate(text: string, current: Record<string, unknown>): ConfigUpdate {
  let next: unknown;
  try {
    next = JSON.parse(text);
  } catch (err) {
    return { problem: `Not valid JSON: ${(err as Error).message}` };
  }
  const r = ServerConfigSchema.safeParse(next);
  if (!r.success) {
    return {
      problem: r.error.issues
        .map((i) => `${i.path.length > 0 ? `${i.path.join('.')}: ` : ''}${i.message}`)
        .join('; '),
    };
  }
  const body: Record<string, unknown> = { ...(next as Record<string, unknown>) };
  for (const k of Object.keys(current)) {
    if (!(k in body)) {
      body[k] = null;
    }
  }
  return { body };
}

/** The command line an imported server would run, as the approval shows it; undefined for a bad config. */
export function approvalCommand(config: Record<string, unknown> | undefined): string | undefined {
  const parsed = config === undefined ? undefined : ServerConfigSchema.safeParse(config);
  return parsed?.success === true ? commandLine(parsed.data) : undefined;
}
