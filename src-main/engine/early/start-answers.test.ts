import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { type GatewayConfig, GatewayConfigSchema, type ServerConfig } from '../../../src-shared/config.js';
import { type CachedLists, createListCache } from '../catalog/index.js';
import { createDefinitionHashes } from '../trust/index.js';
import {
  answerKey,
  fingerprintOf,
  MAX_FILES,
  openStartAnswers,
  START_ANSWERS_DIR,
  startsFromCache,
} from './start-answers.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) {
    rmSync(d, { recursive: true, force: true });
  }
});

function tempDir(): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'start-answers-'));
  dirs.push(d);
  return d;
}

const ANSWER = { fingerprint: 'f1', initialize: '{"protocolVersion":"2025-06-18"}', tools: '{"tools":[]}' };

function config(servers: Record<string, unknown>): GatewayConfig {
  return GatewayConfigSchema.parse({ mcpServers: servers });
}

function listsOf(names: string[], extra: Partial<CachedLists> = {}): CachedLists {
  return {
    tools: names.map((name) => ({ name, inputSchema: { type: 'object' } })),
    resources: [],
    resourceTemplates: [],
    prompts: [],
    savedAt: 1,
    ...extra,
  };
}

describe('start-up answers store', () => {
  it('gives back what it kept, only under the same fingerprint, after a restart', async () => {
    const dataDir = tempDir();
    const answers = openStartAnswers(dataDir, { saveDelayMs: 10 });
    expect(answers.any()).toBe(false);
    answers.keep('k1', ANSWER);
    await answers.flush();
    const again = openStartAnswers(dataDir);
    expect(again.any()).toBe(true);
    expect(again.find('k1', 'f1')).toEqual({ ...ANSWER, tools: Buffer.from(ANSWER.tools) });
    expect(again.find('k1', 'f2')).toBeUndefined();
    expect(again.find('k2', 'f1')).toBeUndefined();
  });

  it('ignores a damaged file', async () => {
    const dataDir = tempDir();
    const answers = openStartAnswers(dataDir, { saveDelayMs: 10 });
    answers.keep('k1', ANSWER);
    await answers.flush();
    writeFileSync(path.join(dataDir, START_ANSWERS_DIR, 'k1.txt'), '{"format":1,"fingerprint":"f1"}\n{}');
    expect(openStartAnswers(dataDir).find('k1', 'f1')).toBeUndefined();
  });

  it(`keeps at most ${MAX_FILES} answers, the most recently written`, async () => {
    const dataDir = tempDir();
    const answers = openStartAnswers(dataDir, { saveDelayMs: 10 });
    for (let i = 0; i < MAX_FILES; i += 1) {
      answers.keep(`k${i}`, ANSWER);
    }
    await answers.flush();
    const folder = path.join(dataDir, START_ANSWERS_DIR);
    // k0 is the oldest.
    utimesSync(path.join(folder, 'k0.txt'), new Date(1_000), new Date(1_000));
    answers.keep('new', ANSWER);
    await answers.flush();
    const names = readdirSync(folder);
    expect(names).toHaveLength(MAX_FILES);
    expect(names).toContain('new.txt');
    expect(names).not.toContain('k0.txt');
  });

  it('keys an answer by scope, token, profile and the client’s initialize params', () => {
    const base = {
      scopeKey: '*',
      tokenId: 't1',
      profile: 'default',
      params: { protocolVersion: '2025-06-18' },
    };
    const key = answerKey(base);
    expect(answerKey({ ...base })).toBe(key);
    expect(answerKey({ ...base, scopeKey: 'meta' })).not.toBe(key);
    expect(answerKey({ ...base, tokenId: undefined })).not.toBe(key);
    expect(answerKey({ ...base, profile: 'work' })).not.toBe(key);
    expect(answerKey({ ...base, params: { protocolVersion: '2025-03-26' } })).not.toBe(key);
  });
});

describe('fingerprint of a start', () => {
  it('changes with the config, the cached tools, their instructions and trust’s approvals, not with when lists were saved', () => {
    const dataDir = tempDir();
    const cfg = config({ a: { command: 'x' } });
    const server = cfg.mcpServers['a'] as ServerConfig;
    let clock = 1;
    const listCache = createListCache(dataDir, { now: () => clock, digests: createDefinitionHashes() });
    const fp = () => fingerprintOf({ version: '1', dataDir, config: cfg, listCache });
    const noCache = fp();
    listCache.set('a', server, listsOf(['one', 'two']));
    const first = fp();
    expect(first).not.toBe(noCache);
    clock = 99;
    listCache.set('a', server, listsOf(['one', 'two']));
    expect(fp()).toBe(first);
    listCache.set('a', server, listsOf(['one', 'three']));
    expect(fp()).not.toBe(first);
    listCache.set('a', server, listsOf(['one', 'two'], { instructions: 'use one first' }));
    expect(fp()).not.toBe(first);
    listCache.set('a', server, listsOf(['one', 'two']));
    expect(fp()).toBe(first);
    writeFileSync(path.join(dataDir, 'tool-approvals.json'), '{}');
    const approved = fp();
    expect(approved).not.toBe(first);
    const other = config({ b: { command: 'x' } });
    expect(fingerprintOf({ version: '1', dataDir, config: other, listCache })).not.toBe(approved);
    expect(fingerprintOf({ version: '2', dataDir, config: cfg, listCache })).not.toBe(approved);
  });

  it('is the same read back from the files, before their lists are parsed', async () => {
    const dataDir = tempDir();
    const cfg = config({ a: { command: 'x' } });
    const server = cfg.mcpServers['a'] as ServerConfig;
    const written = createListCache(dataDir, { digests: createDefinitionHashes() });
    written.set('a', server, listsOf(['one', 'two'], { instructions: 'hello' }));
    await written.flush();
    const before = fingerprintOf({ version: '1', dataDir, config: cfg, listCache: written });
    const read = createListCache(dataDir, { digests: createDefinitionHashes() });
    expect(fingerprintOf({ version: '1', dataDir, config: cfg, listCache: read })).toBe(before);
    expect(read.get('a', server)?.tools.map((t) => t.name)).toEqual(['one', 'two']);
    expect(fingerprintOf({ version: '1', dataDir, config: cfg, listCache: read })).toBe(before);
  });

  it('allows early answers only when every server that runs is listed from its cache', () => {
    const cfg = config({ a: { command: 'x' }, off: { command: 'y', disabled: true } });
    expect(startsFromCache(cfg, { has: (name) => name === 'a' })).toBe(true);
    expect(startsFromCache(cfg, { has: () => false })).toBe(false);
    const launch = config({ a: { command: 'x', startAtLaunch: true } });
    expect(startsFromCache(launch, { has: () => true })).toBe(false);
    const remote = config({ r: { url: 'http://127.0.0.1:9/mcp' } });
    expect(startsFromCache(remote, { has: () => true })).toBe(false);
  });
});
