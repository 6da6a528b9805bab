import { describe, expect, it } from 'vitest';

import type { ClientsDetect } from '../../../src-shared/api/clients.js';
import type { ClientReport, MergedServer } from '../../stores/clients.js';
import {
  clientNames,
  connectBlocker,
  defaultClients,
  defaultPicks,
  importable,
  importLine,
  isApplying,
  keepKey,
  nameProblems,
  outcomeLine,
  removals,
  secretName,
  secretProblems,
} from './model.js';

function server(id: string, over: Partial<MergedServer> = {}): MergedServer {
  return {
    id,
    suggestedName: id,
    sources: [{ client: 'cursor', location: 'user', file: '/c.json', name: id }],
    scope: 'user',
    secrets: [],
    notes: [],
    variants: 1,
    config: { command: 'npx' },
    ...over,
  } as MergedServer;
}

type ClientFile = ClientReport['files'][number];
function client(id: string, files: Partial<ClientFile>[], over: Partial<ClientReport> = {}): ClientReport {
  return {
    id,
    name: id.toUpperCase(),
    installed: true,
    hasConfig: true,
    connected: false,
    seen: false,
    files: files.map((f) => ({ file: `/${id}.json`, connectTarget: true, exists: true, servers: [], ...f })),
    ...over,
  } as ClientReport;
}

describe('what the scan offers', () => {
  const detect = {
    clients: [client('cursor', []), client('zed', [])],
    servers: [
      server('kg'),
      server('kg-2', { sources: [{ client: 'zed', location: 'u', file: 'f', name: 'kg', scope: 'user' }] }),
      server('proj', { scope: 'project' }),
      server('in', { inGateway: 'in' }),
    ],
    conflicts: [{ name: 'kg', ids: ['kg', 'kg-2'] }],
  } as unknown as ClientsDetect;

  it('offers servers not in the gateway, ticking own settings but not later conflicts or project files', () => {
    expect(importable(detect).map((s) => s.id)).toEqual(['kg', 'kg-2', 'proj']);
    expect(defaultPicks(detect)).toEqual({ kg: true, 'kg-2': false, proj: false });
  });

  it('names the clients a server came from', () => {
    const both = server('x', {
      sources: [
        { client: 'cursor', location: 'a', file: 'f', name: 'x' },
        { client: 'zed', location: 'b', file: 'g', name: 'x' },
        { client: 'other', location: 'c', file: 'h', name: 'x' },
      ] as MergedServer['sources'],
    });
    expect(clientNames(detect, both)).toBe('CURSOR, ZED, other');
  });

  it('blocks clients with an unreadable file or nowhere to write, and ticks the rest unless connected', () => {
    const broken = client('a', [{ problem: { message: 'Unexpected token', line: 3 } }]);
    expect(connectBlocker(broken)).toBe(
      '/a.json cannot be read at line 3: Unexpected token. Fix it by hand; the gateway will not touch it.',
    );
    const none = client('b', [{ connectTarget: false }]);
    expect(connectBlocker(none)).toBe('This client has no config file the gateway can write to.');
    const ok = client('c', [{}]);
    expect(connectBlocker(ok)).toBeUndefined();
    const connected = client('d', [{}], { connected: true });
    const noConfig = client('e', [{}], { hasConfig: false });
    expect(defaultClients([broken, none, ok, connected, noConfig])).toEqual({
      a: false,
      b: false,
      c: true,
      d: false,
      e: false,
    });
  });
});

describe('choices checked before going on', () => {
  it('explains bad, taken and doubled names', () => {
    const chosen = [server('a'), server('b'), server('c'), server('d')];
    const names = { a: ' bad name ', b: 'memory', c: 'same', d: 'same ' };
    expect(nameProblems(chosen, names, { memory: {} })).toEqual({
      a: 'Use letters, digits, "-", "_" or "." (up to 48, starting with a letter or digit).',
      b: 'The gateway already has a server named "memory": pick another name.',
      d: 'Two chosen servers are both named "same": rename one, or import only one of them.',
    });
    expect(nameProblems([server('ok')], {}, {})).toEqual({});
  });

  it('asks for the value of a secret chosen to be kept', () => {
    const s = server('kg', { secrets: [{ field: 'env', key: 'API_TOKEN', reason: 'name' }] });
    const k = keepKey('kg', 'env', 'API_TOKEN');
    expect(secretProblems([s], { [k]: { on: true, value: '' } })).toEqual({
      kg: 'Paste the value of API_TOKEN to keep it in the secret store, or untick that option.',
    });
    expect(secretProblems([s], { [k]: { on: true, value: 'x' } })).toEqual({});
    expect(secretProblems([s], { [k]: { on: false, value: '' } })).toEqual({});
  });

  it('makes secret names the store accepts', () => {
    expect(secretName('kg', 'API TOKEN')).toBe('kg-API_TOKEN');
    expect(secretName('-x', 'k')).toBe('x-k');
    expect(secretName('a'.repeat(200), 'k')).toHaveLength(128);
  });

  it('lists the names to remove from one client, without repeats, only when asked', () => {
    const chosen = [
      server('a', {
        sources: [
          { client: 'cursor', location: 'u', file: 'f', name: 'a' },
          { client: 'cursor', location: 'p', file: 'g', name: 'a' },
          { client: 'zed', location: 'u', file: 'h', name: 'a-zed' },
        ] as MergedServer['sources'],
      }),
    ];
    expect(removals(true, chosen, 'cursor')).toEqual(['a']);
    expect(removals(true, chosen, 'zed')).toEqual(['a-zed']);
    expect(removals(false, chosen, 'cursor')).toBe(false);
  });
});

describe('applying', () => {
  it('is busy while the import or a client is running or waiting', () => {
    expect(isApplying('apply', { state: 'running' }, {})).toBe(true);
    expect(isApplying('apply', { state: 'ok' }, { a: { state: 'waiting' } })).toBe(true);
    expect(isApplying('apply', { state: 'ok' }, { a: { state: 'error', error: 1 } })).toBe(false);
    expect(isApplying('done', { state: 'running' }, {})).toBe(false);
  });

  it('says what the import did', () => {
    expect(importLine({ state: 'running' })).toBe('Importing servers…');
    expect(importLine({ state: 'error' })).toBe('The servers were not imported');
    expect(importLine({ state: 'ok', added: [] })).toBe('No server was imported');
    expect(importLine({ state: 'ok', added: ['a', 'b'], pending: ['b'] })).toBe(
      'Imported a, b: starting in the gateway',
    );
    expect(importLine({ state: 'ok', added: ['b'], pending: ['b'] })).toBe('Imported b');
  });

  it('says where each client is', () => {
    expect(outcomeLine('Zed', { state: 'waiting' })).toBe('Zed: waiting');
    expect(outcomeLine('Zed', { state: 'running' })).toBe('Zed: connecting…');
    expect(outcomeLine('Zed', { state: 'ok', changed: true, reloadHint: '' })).toBe(
      'Zed now uses the gateway',
    );
    expect(outcomeLine('Zed', { state: 'ok', changed: false, reloadHint: '' })).toBe(
      'Zed already used the gateway',
    );
    expect(outcomeLine('Zed', { state: 'error', error: 1 })).toBe('Zed was not connected');
  });
});
