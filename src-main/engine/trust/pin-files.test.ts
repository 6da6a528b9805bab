import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { silentLogger } from '../telemetry/index.js';
import { DEFINITIONS_FILE, type Pin, PIN_FILE, readPins, type StoredPin, writePins } from './pin-files.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'pins-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const lazy = (p: StoredPin): Pin => ({ ...p, definition: { lazy: p.hash } });

describe('the pin files', () => {
  it('writes pins and definitions apart, and reads the pins back with lazy definitions', () => {
    const pin: Pin = { hash: 'h1', definition: { name: 'x' }, approvedAt: 3, by: 'user' };
    writePins(dir, { s: { approvedAt: 1, tools: { x: pin }, rejected: { y: 'h2' } } });
    const pins = JSON.parse(readFileSync(path.join(dir, PIN_FILE), 'utf8'));
    expect(pins).toEqual({
      version: 2,
      servers: {
        s: { approvedAt: 1, tools: { x: { hash: 'h1', approvedAt: 3, by: 'user' } }, rejected: { y: 'h2' } },
      },
    });
    const defs = JSON.parse(readFileSync(path.join(dir, DEFINITIONS_FILE), 'utf8'));
    expect(defs).toEqual({ version: 1, definitions: { h1: { name: 'x' } } });
    expect(readPins(dir, silentLogger, () => 9, lazy).s?.tools.x?.definition).toEqual({ lazy: 'h1' });
  });

  it('reads the legacy file with definitions inline when there is no approvals file', () => {
    const legacy = {
      version: 1,
      servers: { s: { tools: { x: { hash: 'h', approvedAt: 1, by: 'listing', definition: { d: 1 } } } } },
    };
    writeFileSync(path.join(dir, 'tool-pins.json'), JSON.stringify(legacy));
    expect(readPins(dir, silentLogger, () => 9, lazy)).toEqual({
      s: { tools: { x: { hash: 'h', approvedAt: 1, by: 'listing', definition: { d: 1 } } }, rejected: {} },
    });
  });

  it('sets an unreadable file aside and starts empty; a missing one is empty too', () => {
    expect(readPins(dir, silentLogger, () => 9, lazy)).toEqual({});
    writeFileSync(path.join(dir, PIN_FILE), '{"version": 7, "servers": {}}');
    expect(readPins(dir, silentLogger, () => 9, lazy)).toEqual({});
    expect(readdirSync(dir)).toContain(`${PIN_FILE}.broken-9`);
  });
});
