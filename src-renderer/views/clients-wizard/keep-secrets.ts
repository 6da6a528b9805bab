import { approveServer, updateServer } from '../../../src-shared/api/routes.js';
import { setSecret } from '../../../src-shared/api/secrets.js';
import type { EngineLink } from '../../api/engine.js';
import type { MergedServer } from '../../stores/clients.js';
import { gatewayName, type Keep, keepKey, secretName } from './model.js';

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
