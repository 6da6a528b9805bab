import { importClientServers } from '../../../src-shared/api/clients.js';
import { approveServer, updateServer } from '../../../src-shared/api/routes.js';
import { setSecret } from '../../../src-shared/api/secrets.js';
import type { EngineLink } from '../../api/engine.js';
import type { MergedServer } from '../../stores/clients.js';
import { gatewayName, type ImportOutcome, type Keep, keepKey, secretName } from './model.js';

export interface Added {
  name: string;
  config: MergedServer['config'];
  approval?: unknown;
}

export interface KeptSecrets {
  kept: string[];
  keepErrors: Array<{ what: string; error: unknown }>;
}

/**
 * Moves the values the person chose into the secret store, then points the imported server at
 * them with `${secret:NAME}`. Other env/header values are sent back as `[redacted]`, which the
 * gateway reads as "keep the stored value".
 */
export async function keepSecrets(
  link: EngineLink,
  chosenServers: MergedServer[],
  names: Record<string, string>,
  keep: Record<string, Keep>,
  added: Added[],
): Promise<KeptSecrets> {
  const out: KeptSecrets = { kept: [], keepErrors: [] };
  for (const s of chosenServers) {
    const name = gatewayName(s, names);
    const a = added.find((x) => x.name === name);
    const chosen = s.secrets.filter(
      (f) => f.field !== 'args' && keep[keepKey(s.id, f.field, f.key)]?.on === true,
    );
    if (a === undefined || chosen.length === 0) {
      continue;
    }
    const patch: Record<string, Record<string, string>> = {};
    for (const f of chosen) {
      const ref = secretName(name, f.key);
      try {
        await link.api.call(setSecret, {
          params: { name: ref },
          body: { value: keep[keepKey(s.id, f.field, f.key)]?.value ?? '' },
        });
        const field = f.field as 'env' | 'headers';
        patch[field] = { ...(patch[field] ?? a.config[field] ?? {}), [f.key]: `\${secret:${ref}}` };
        out.kept.push(`${f.key} of ${name} (as \${secret:${ref}})`);
      } catch (error) {
        out.keepErrors.push({ what: `${f.key} of ${name}`, error });
      }
    }
    if (Object.keys(patch).length > 0) {
      try {
        await link.api.call(updateServer, { params: { name }, body: patch });
        // The `${secret:…}` references were made here, by the person: approve exactly those for
        // a server from a client's own settings. One that wants more, or came from a project's
        // file, keeps waiting for its own approval.
        const made = chosen.map((f) => `secret:${secretName(name, f.key)}`);
        if (s.scope === 'user' && a.approval === undefined) {
          await link.api.call(approveServer, { params: { name }, body: { variables: made } });
        }
      } catch (error) {
        out.keepErrors.push({ what: `${name}'s settings`, error });
      }
    }
  }
  return out;
}

/**
 * Imports the chosen servers under their names, then keeps the chosen secrets. A failure is an
 * outcome too: connecting still works without the import, the clients keep their own servers then.
 */
export async function importChosen(
  link: EngineLink,
  chosenServers: MergedServer[],
  names: Record<string, string>,
  keep: Record<string, Keep>,
): Promise<ImportOutcome> {
  try {
    const rename = Object.fromEntries(chosenServers.map((s) => [s.id, gatewayName(s, names)]));
    const r = await link.api.call(importClientServers, {
      body: { ids: chosenServers.map((s) => s.id), names: rename },
    });
    const { kept, keepErrors } = await keepSecrets(link, chosenServers, names, keep, r.added);
    link.refresh(['servers', 'tools', 'context']);
    return {
      state: 'ok',
      added: r.added.map((a) => a.name),
      pending: r.added.filter((a) => a.approval !== undefined).map((a) => a.name),
      skipped: r.skipped.map((s) => `${s.name ?? s.id}: ${s.reason}`),
      kept,
      keepErrors,
    };
  } catch (error) {
    return { state: 'error', error };
  }
}
