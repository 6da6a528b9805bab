import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { adminToken } from './admin-token.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'admin-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('the admin token the control plane checks', () => {
  it('is the one given, without touching the data folder, until a rotation replaces it', async () => {
    const token = adminToken(dir, 'given-token');
    expect(await token.get()).toBe('given-token');
    token.set('rotated');
    expect(await token.get()).toBe('rotated');
  });

  it("is otherwise the data folder's, created once and read once", async () => {
    const token = adminToken(dir, undefined);
    const first = await token.get();
    expect(first.length).toBeGreaterThan(20);
    expect(readFileSync(path.join(dir, 'admin-token'), 'utf8').trim()).toBe(first);
    expect(await token.get()).toBe(first);
  });
});
