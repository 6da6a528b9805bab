import type { ServerSummary } from '../../../src-shared/api/schemas.js';
import type { GatewayConfig } from '../../../src-shared/config.js';
import type { GatewayTarget } from '../connection.js';

/** One finding of `mcp-gateway doctor`, and what the checks after the first ones know. */

export type CheckStatus = 'ok' | 'info' | 'warn' | 'fail';

export interface Check {
  check: string;
  status: CheckStatus;
  message: string;
  fix?: string;
}

/** What the config and gateway checks found, for the checks that follow them. */
export interface DoctorState {
  env: NodeJS.ProcessEnv;
  target: GatewayTarget;
  configFile: string;
  /** The parsed config, when the file exists and is valid. */
  config: GatewayConfig | undefined;
  host: string;
  port: number;
  /** A gateway answered with the admin token. */
  running: boolean;
  /** Its servers, when it runs. */
  live: ServerSummary[];
  /** Probe the keychain (it writes and deletes a test entry). */
  keychain: boolean;
}

/** A check that runs after the config and gateway checks. */
export type LaterCheck = (state: DoctorState) => Check[] | Promise<Check[]>;
