import type { GatewayConfig } from '../../../src-shared/config.js';
import { defaultPaths } from '../../engine/paths.js';
import { loadSecrets } from '../../engine/security/index.js';
import type { Check, DoctorState } from './check.js';
import { usesSecrets } from './server-checks.js';

type Probe = { ok: boolean; backend: string; reason?: string };

/** What the keychain probe means for this config: fine, not needed, or a failure for `${secret:…}`. */
export function keychainFinding(probe: Probe, secretsUsed: boolean, fileFallback: boolean): Check {
  if (probe.ok) {
    return { check: 'keychain', status: 'ok', message: `${probe.backend} works` };
  }
  return {
    check: 'keychain',
    status: secretsUsed && !fileFallback ? 'fail' : 'info',
    message: secretsUsed
      ? `the config uses \${secret:...} but ${probe.backend} is not usable${fileFallback ? ' (the consented secrets file is used instead)' : ''}`
      : `${probe.backend} is not usable (only needed for \${secret:...} values)`,
    ...(probe.reason && !fileFallback ? { fix: probe.reason } : {}),
  };
}

/** `${secret:NAME}` references whose secret is not stored. */
async function missingSecrets(
  config: GatewayConfig | undefined,
  dataDir: string,
  allowFileFallback: boolean,
): Promise<Check[]> {
  const checks: Check[] = [];
  try {
    const { findSecretRefs, openSecretStore } = await loadSecrets();
    const store = await openSecretStore({ dataDir, allowFileFallback, timeoutMs: 3_000 });
    const stored = new Set(await store.list());
    for (const [name, server] of Object.entries(config?.mcpServers ?? {})) {
      for (const secret of findSecretRefs(server).filter((n) => !stored.has(n))) {
        checks.push({
          check: `server ${name}`,
          status: server.disabled ? 'info' : 'fail',
          message: `uses \${secret:${secret}}, which is not stored in ${store.description}`,
          fix: `\`mcp-gateway secrets set ${secret}\` (or add it in the app's server settings)`,
        });
      }
    }
  } catch (err) {
    checks.push({
      check: 'secrets',
      status: 'warn',
      message: `could not list stored secrets: ${(err as Error).message}`,
    });
  }
  return checks;
}

/** 6. The keychain (only matters when secrets are referenced), and the secrets the config names. */
export async function checkKeychain(s: Pick<DoctorState, 'config' | 'env' | 'keychain'>): Promise<Check[]> {
  if (!s.keychain) {
    return [];
  }
  const { probeKeychain } = await loadSecrets();
  const probe = await probeKeychain({ timeoutMs: 3_000 });
  const fileFallback = s.config?.gateway.secrets?.allowFileFallback === true;
  const secretsUsed = usesSecrets(s.config);
  const checks = [keychainFinding(probe, secretsUsed, fileFallback)];
  if (secretsUsed && (probe.ok || fileFallback)) {
    checks.push(...(await missingSecrets(s.config, defaultPaths(s.env).dataDir, fileFallback)));
  }
  return checks;
}
