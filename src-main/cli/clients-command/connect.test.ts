import { describe, expect, it } from 'vitest';

import type { ConnectResult } from '../../engine/clients/index.js';
import { connectText } from './connect.js';

function result(changed: boolean): ConnectResult {
  return {
    client: 'cursor',
    plan: { name: 'Cursor', warnings: ['w1'] },
    files: [
      { file: '/a.json', changed, backupId: 'b1' },
      { file: '/b.json', changed: false, backupId: undefined },
    ],
    replanned: 0,
    reloadHint: 'Restart Cursor.',
  } as unknown as ConnectResult;
}

describe('connectText', () => {
  it('names each changed file with its backup, how to reload and how to undo', () => {
    expect(connectText(result(true))).toBe(
      '! w1\nupdated /a.json (backup b1)\nRestart Cursor.\nUndo with `mcp-gateway clients disconnect cursor`.\n',
    );
  });

  it('says when the client was connected already', () => {
    expect(connectText(result(false))).toBe(
      '! w1\nCursor is already connected to the gateway: nothing changed\n',
    );
  });
});
