import { stat } from 'node:fs/promises';

import type { GatewayTarget } from '../connection.js';
import type { Check } from './check.js';

/** 4. The admin token file: private to this user (not on Windows, whose ACLs differ). */
export async function checkTokenFile(
  target: Pick<GatewayTarget, 'token' | 'tokenFile'>,
  platform: string = process.platform,
): Promise<Check[]> {
  if (target.token === undefined || platform === 'win32') {
    return [];
  }
  try {
    const st = await stat(target.tokenFile);
    if ((st.mode & 0o077) !== 0) {
      return [
        {
          check: 'token',
          status: 'warn',
          message: `${target.tokenFile} can be read by other users`,
          fix: `chmod 600 ${target.tokenFile}`,
        },
      ];
    }
    return [{ check: 'token', status: 'ok', message: 'admin token file is private (0600)' }];
  } catch {
    // The token came from MCP_GATEWAY_TOKEN: nothing on disk to check.
    return [];
  }
}
