import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { silentLogger } from '../telemetry/index.js';
import { lazyDefinitions } from './pin-definitions.js';

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'defs-'));
  file = path.join(dir, 'defs.json');
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('lazily read definitions', () => {
  it('reads the file only when a definition is asked for, and lets a pin take a new one', () => {
    const { lazyPin } = lazyDefinitions(file, silentLogger, () => 1);
    const pin = lazyPin({ hash: 'h', approvedAt: 1, by: 'user' });
    // Written after the pin was made: nothing was read yet.
    writeFileSync(file, JSON.stringify({ version: 1, definitions: { h: { name: 'x' } } }));
    expect(pin.definition).toEqual({ name: 'x' });
    pin.definition = { name: 'y' };
    expect(pin.definition).toEqual({ name: 'y' });
    expect(Object.keys(pin)).toContain('definition');
  });

  it('gives an empty definition when the file is missing or unreadable, setting a bad one aside', () => {
    writeFileSync(file, 'not json');
    const { lazyPin } = lazyDefinitions(file, silentLogger, () => 5);
    expect(lazyPin({ hash: 'h', approvedAt: 1, by: 'user' }).definition).toEqual({});
    expect(readdirSync(dir)).toContain('defs.json.broken-5');
    const missing = lazyDefinitions(path.join(dir, 'none.json'), silentLogger, () => 5);
    expect(missing.lazyPin({ hash: 'h', approvedAt: 1, by: 'user' }).definition).toEqual({});
  });
});
