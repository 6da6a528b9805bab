import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import type { Logger } from '../types.js';
import { definitionHash } from './canonical.js';
import { openPinStore } from './store.js';

const ADD = { name: 'add', description: 'Adds two numbers.', inputSchema: { type: 'object' } };
const SUB = { name: 'sub', description: 'Subtracts.', inputSchema: { type: 'object' } };

function recordingLogger() {
  const lines: { level: string; msg: string }[] = [];
  const logger: Logger = {
    debug: () => undefined,
    info: () => undefined,
    warn: (msg) => lines.push({ level: 'warn', msg }),
    error: (msg) => lines.push({ level: 'error', msg }),
    child: () => logger,
  };
  return { logger, lines };
}

const dirs: string[] = [];
function dataDir(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'pin-store-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) {
    rmSync(d, { recursive: true, force: true });
  }
});

const readJson = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));

/** A version 1 pin file, as gateways before the definitions file wrote it. */
function writeVersion1(dir: string): void {
  const pin = (tool: typeof ADD) => ({
    hash: definitionHash(tool),
    definition: tool,
    approvedAt: 1,
    by: 'listing',
  });
  writeFileSync(
    path.join(dir, 'tool-pins.json'),
    JSON.stringify({
      version: 1,
      servers: { calc: { approvedAt: 1, tools: { add: pin(ADD) }, rejected: {} } },
    }),
  );
}

describe('the tool pin store', () => {
  it('reads a version 1 file with its inline definitions and writes the definitions apart, keyed by hash', () => {
    const dir = dataDir();
    writeVersion1(dir);
    const store = openPinStore(dir, recordingLogger().logger);
    expect(store.get('calc')?.tools['add']?.definition).toEqual(ADD);
    store.ensure('calc').tools['sub'] = {
      hash: definitionHash(SUB),
      definition: SUB,
      approvedAt: 2,
      by: 'user',
    };
    store.save();

    expect(readJson(path.join(dir, 'tool-approvals.json'))).toEqual({
      version: 2,
      servers: {
        calc: {
          approvedAt: 1,
          tools: {
            add: { hash: definitionHash(ADD), approvedAt: 1, by: 'listing' },
            sub: { hash: definitionHash(SUB), approvedAt: 2, by: 'user' },
          },
          rejected: {},
        },
      },
    });
    expect(readJson(path.join(dir, 'tool-approvals-definitions.json'))).toEqual({
      version: 1,
      definitions: { [definitionHash(ADD)]: ADD, [definitionHash(SUB)]: SUB },
    });

    const again = openPinStore(dir, recordingLogger().logger);
    expect(again.get('calc')?.tools['add']?.hash).toBe(definitionHash(ADD));
    expect(again.get('calc')?.tools['sub']?.definition).toEqual(SUB);
    // The version 1 file stays as it was: a gateway from before the split, run again, finds the
    // approvals it knew (and holds back what changed since) instead of a format it cannot read.
    expect(readJson(path.join(dir, 'tool-pins.json'))).toMatchObject({
      version: 1,
      servers: { calc: { tools: { add: { definition: ADD } } } },
    });
    expect(
      Object.keys(
        (readJson(path.join(dir, 'tool-pins.json')) as { servers: { calc: { tools: object } } }).servers.calc
          .tools,
      ),
    ).toEqual(['add']);
  });

  it('prefers the approvals file to the version 1 file once it exists', () => {
    const dir = dataDir();
    writeVersion1(dir);
    const store = openPinStore(dir, recordingLogger().logger);
    delete store.ensure('calc').tools['add'];
    store.save();
    expect(openPinStore(dir, recordingLogger().logger).get('calc')?.tools).toEqual({});
  });

  it('reads the definitions only when one is asked for, and sets a broken definitions file aside', () => {
    const dir = dataDir();
    writeVersion1(dir);
    openPinStore(dir, recordingLogger().logger).save();
    const defsFile = path.join(dir, 'tool-approvals-definitions.json');
    writeFileSync(defsFile, '{ not json');

    const { logger, lines } = recordingLogger();
    const store = openPinStore(dir, logger);
    // Deciding what is approved needs the hashes only: the broken file is not read yet.
    expect(store.get('calc')?.tools['add']?.hash).toBe(definitionHash(ADD));
    expect(lines).toEqual([]);

    expect(store.get('calc')?.tools['add']?.definition).toEqual({});
    expect(lines).toEqual([
      { level: 'warn', msg: expect.stringMatching(/approved tool definitions could not be read/) },
    ]);
    expect(readdirSync(dir).some((f) => f.startsWith('tool-approvals-definitions.json.broken-'))).toBe(true);
    // Asked again, it is not read (nor reported) again.
    expect(store.get('calc')?.tools['add']?.definition).toEqual({});
    expect(lines).toHaveLength(1);
  });

  it('keeps only the definitions current pins name, and a replaced pin keeps its new definition', () => {
    const dir = dataDir();
    writeVersion1(dir);
    openPinStore(dir, recordingLogger().logger).save();
    const store = openPinStore(dir, recordingLogger().logger);
    const rec = store.ensure('calc');
    rec.tools['add'] = { hash: definitionHash(SUB), definition: SUB, approvedAt: 3, by: 'user' };
    store.save();
    expect(readJson(path.join(dir, 'tool-approvals-definitions.json'))).toEqual({
      version: 1,
      definitions: { [definitionHash(SUB)]: SUB },
    });
    expect(store.delete('calc')).toBe(true);
    store.save();
    expect(readJson(path.join(dir, 'tool-approvals-definitions.json'))).toEqual({
      version: 1,
      definitions: {},
    });
  });

  it('starts empty, with the damaged file set aside, when the pin file cannot be read', () => {
    const dir = dataDir();
    writeFileSync(path.join(dir, 'tool-pins.json'), JSON.stringify({ version: 9, servers: {} }));
    const { logger, lines } = recordingLogger();
    const store = openPinStore(dir, logger);
    expect(store.get('calc')).toBeUndefined();
    expect(lines.map((l) => l.level)).toEqual(['error']);
    expect(readdirSync(dir).some((f) => f.startsWith('tool-pins.json.broken-'))).toBe(true);
    expect(existsSync(path.join(dir, 'tool-approvals-definitions.json'))).toBe(false);
  });

  it('sets a damaged approvals file aside too, and does not fall back to an older file', () => {
    const dir = dataDir();
    writeVersion1(dir);
    writeFileSync(path.join(dir, 'tool-approvals.json'), '{ "version": 2, ');
    const { logger, lines } = recordingLogger();
    const store = openPinStore(dir, logger);
    expect(store.get('calc')).toBeUndefined();
    expect(lines.map((l) => l.level)).toEqual(['error']);
    expect(readdirSync(dir).some((f) => f.startsWith('tool-approvals.json.broken-'))).toBe(true);
  });
});
