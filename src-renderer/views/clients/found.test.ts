import { describe, expect, it } from 'vitest';

import type { ClientsDetect } from '../../../src-shared/api/clients.js';
import {
  chosenServers,
  importableServers,
  importToast,
  serverCount,
  shownClients,
  sourceNames,
} from './found.js';

type Found = ClientsDetect['servers'][number];
type Client = ClientsDetect['clients'][number];

const found = (id: string, over: Partial<Found> = {}) =>
  ({ id, suggestedName: id, sources: [], ...over }) as Found;
const client = (id: string, over: Partial<Client> = {}) =>
  ({
    id,
    name: id.toUpperCase(),
    installed: false,
    hasConfig: false,
    connected: false,
    files: [],
    ...over,
  }) as Client;

const data = {
  clients: [client('cursor', { installed: true }), client('zed'), client('codex', { connected: true })],
  servers: [
    found('kg', {
      sources: [
        { client: 'cursor', name: 'kg' },
        { client: 'cursor', name: 'kg' },
        { client: 'gone', name: 'kg' },
      ] as Found['sources'],
    }),
    found('memory', { inGateway: 'memory' }),
    found('gh'),
  ],
  conflicts: [],
} as unknown as ClientsDetect;

describe('the clients page', () => {
  it('offers the servers not in the gateway, all ticked until unticked', () => {
    const importable = importableServers(data);
    expect(importable.map((s) => s.id)).toEqual(['kg', 'gh']);
    expect(chosenServers(importable, {}).map((s) => s.id)).toEqual(['kg', 'gh']);
    expect(chosenServers(importable, { gh: false }).map((s) => s.id)).toEqual(['kg']);
    expect(importableServers(undefined)).toEqual([]);
  });

  it('names where a server was found, once each', () => {
    expect(sourceNames(data, data.servers[0] as Found)).toBe('CURSOR, gone');
  });

  it('lists installed, configured or connected clients only', () => {
    expect(shownClients(data).map((c) => c.id)).toEqual(['cursor', 'codex']);
  });

  it('words an import, with what was skipped', () => {
    expect(importToast({ added: [1], skipped: [] })).toEqual({
      kind: 'success',
      title: 'Imported 1 server',
      description: 'They are starting now.',
    });
    expect(importToast({ added: [1, 2], skipped: [{ id: 'x', reason: 'no command' }] })).toEqual({
      kind: 'info',
      title: 'Imported 2 servers',
      description: 'Skipped: x (no command)',
    });
  });

  it('counts the servers in a client file', () => {
    const file = (n: number) => ({ servers: new Array(n).fill({}) }) as Client['files'][number];
    expect(serverCount(file(0))).toBe('');
    expect(serverCount(file(1))).toBe(' · 1 server');
    expect(serverCount(file(3))).toBe(' · 3 servers');
  });
});
