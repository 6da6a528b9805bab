import type { GatewayConfig, ServerConfig } from '../../../src-shared/config.js';
import { resolveCommand } from '../../engine/backends/index.js';
import { referencedEnvVars } from '../../engine/config/index.js';
import type { Check } from './check.js';

const SECRET_REF = /\$\{secret:[^}]+\}/;

/** Whether any server (switched off or not) refers to a `${secret:…}`. */
export function usesSecrets(config: GatewayConfig | undefined): boolean {
  return Object.values(config?.mcpServers ?? {}).some((s) => SECRET_REF.test(JSON.stringify(s)));
}

function commandCheck(name: string, s: ServerConfig, env: NodeJS.ProcessEnv): Check[] {
  if (s.command === undefined || s.command.includes('${')) {
    return [];
  }
  try {
    const file = resolveCommand(s.command, { pathEnv: env.PATH, pathExt: env.PATHEXT, cwd: s.cwd });
    return [{ check: `server ${name}`, status: 'ok', message: `command "${s.command}" is ${file}` }];
  } catch (err) {
    return [
      {
        check: `server ${name}`,
        status: 'fail',
        message: (err as Error).message,
        fix: `install it, or set "mcpServers.${name}.command" to its full path`,
      },
    ];
  }
}

/** 5. Each server that is switched on: its command on PATH, the variables it refers to set. */
export function serverChecks(config: GatewayConfig | undefined, env: NodeJS.ProcessEnv): Check[] {
  const checks: Check[] = [];
  for (const [name, s] of Object.entries(config?.mcpServers ?? {})) {
    if (s.disabled) {
      continue;
    }
    checks.push(...commandCheck(name, s, env));
    for (const v of referencedEnvVars(s).filter((x) => env[x] === undefined)) {
      checks.push({
        check: `server ${name}`,
        status: 'fail',
        message: `uses \${${v}}, which is not set in this environment`,
        fix: `set ${v} where the gateway starts, or keep it in the keychain and write \${secret:${v}} instead`,
      });
    }
  }
  return checks;
}
