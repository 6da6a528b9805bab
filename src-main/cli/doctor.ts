import { DEFAULT_HOST, DEFAULT_PORT } from '../../src-shared/config.js';
import { defaultPaths } from '../engine/paths.js';
import { findGateway } from './connection.js';
import type { Check, DoctorState, LaterCheck } from './doctor-checks/check.js';
import { checkClients } from './doctor-checks/client-checks.js';
import { checkConfig } from './doctor-checks/config-check.js';
import { checkGateway } from './doctor-checks/gateway-check.js';
import { checkKeychain } from './doctor-checks/keychain-check.js';
import { checkPort } from './doctor-checks/port-check.js';
import { serverChecks } from './doctor-checks/server-checks.js';
import { sleepChecks } from './doctor-checks/sleep-checks.js';
import { checkTokenFile } from './doctor-checks/token-check.js';

/**
 * `mcp-gateway doctor`: finds what stops the gateway or a server from working and says how to
 * fix each thing. Works with or without a running gateway. Each check is a small function in
 * `doctor-checks/`; the findings come in the order of the list below.
 */

export type { Check } from './doctor-checks/check.js';

export interface DoctorOptions {
  config?: string;
  url?: string;
  env?: NodeJS.ProcessEnv;
  /** Skip the keychain probe (it writes and deletes a test entry). */
  keychain?: boolean;
}

/** The checks after the config file and the running gateway, which they build on. */
const LATER_CHECKS: LaterCheck[] = [
  checkPort,
  (s) => checkTokenFile(s.target),
  (s) => serverChecks(s.config, s.env),
  (s) => sleepChecks(s.config, s.live),
  checkKeychain,
  checkClients,
];

export async function runDoctor(options: DoctorOptions = {}): Promise<Check[]> {
  const env = options.env ?? process.env;
  const target = await findGateway(options.url, env);
  const configFile = options.config ?? target.runtime?.configFile ?? defaultPaths(env).configFile;
  const { check: configCheck, config } = await checkConfig(configFile);
  const gateway = await checkGateway(target);
  const state: DoctorState = {
    env,
    target,
    configFile,
    config,
    host: config?.gateway.host ?? DEFAULT_HOST,
    port: config?.gateway.port ?? DEFAULT_PORT,
    running: gateway.running,
    live: gateway.live,
    keychain: options.keychain !== false,
  };
  const checks: Check[] = [configCheck, gateway.check];
  for (const later of LATER_CHECKS) {
    checks.push(...(await later(state)));
  }
  return checks;
}
