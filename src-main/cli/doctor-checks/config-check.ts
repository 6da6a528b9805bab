import { readFile } from 'node:fs/promises';

import type { GatewayConfig } from '../../../src-shared/config.js';
import { parseConfigText } from '../../engine/config/index.js';
import type { Check } from './check.js';

/** 1. The config file: missing (fine), unreadable, invalid (with its line), or valid. */
export async function checkConfig(configFile: string): Promise<{ check: Check; config?: GatewayConfig }> {
  let text: string;
  try {
    text = await readFile(configFile, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      return {
        check: {
          check: 'config',
          status: 'info',
          message: `no config file yet at ${configFile}`,
          fix: 'it is created when the gateway starts or you add a server (`mcp-gateway servers add`)',
        },
      };
    }
    return {
      check: {
        check: 'config',
        status: 'fail',
        message: `cannot read ${configFile}: ${(err as Error).message}`,
        fix: 'check the file permissions',
      },
    };
  }
  const parsed = parseConfigText(text);
  if (!parsed.ok) {
    const at = parsed.problem.line ? `:${parsed.problem.line}:${parsed.problem.column ?? 1}` : '';
    return {
      check: {
        check: 'config',
        status: 'fail',
        message: `${configFile}${at}: ${parsed.problem.message}`,
        fix: 'fix that line; a running gateway keeps its last good config and picks up the fix by itself',
      },
    };
  }
  const config = parsed.config;
  const count = Object.keys(config.mcpServers).length;
  return {
    check: { check: 'config', status: 'ok', message: `${configFile} is valid (${count} server(s))` },
    config,
  };
}
