import { flaggedSecretValues } from '../../../src-shared/flagged-secrets.js';
import type { ClientManager } from './manager.js';

/** Every secret value in every client file and in the gateway config, for redacting texts. */
export async function knownSecrets(manager: ClientManager): Promise<string[]> {
  const found = await manager.detect();
  const values = new Set<string>();
  for (const c of found.clients) {
    for (const f of c.files) {
      for (const s of f.servers) {
        flaggedSecretValues(s.config, s.secrets).forEach((v) => values.add(v));
      }
    }
  }
  return [...values];
}
