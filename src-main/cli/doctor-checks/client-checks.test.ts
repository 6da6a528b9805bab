import { describe, expect, it } from 'vitest';

import type { ClientReport } from '../../engine/clients/index.js';
import type { GatewayTarget } from '../connection.js';
import { clientFindings, gatewayOriginOf } from './client-checks.js';

function client(over: Partial<ClientReport>): ClientReport {
  return { id: 'cursor', name: 'Cursor', connected: false, files: [], ...over } as ClientReport;
}

describe('clientFindings', () => {
  it('warns about files it cannot parse, then says whether the client points at the gateway', () => {
    const files = [
      { file: '/a.json', problem: { message: 'bad', line: 2 }, hasGatewayEntry: false },
    ] as ClientReport['files'];
    expect(clientFindings(client({ files, connected: true }), 'http://127.0.0.1:7411')).toEqual([
      {
        check: 'client cursor',
        status: 'warn',
        message: '/a.json:2:1: bad',
        fix: 'fix that file; the gateway never writes a file it cannot parse',
      },
      { check: 'client cursor', status: 'ok', message: 'Cursor points at the gateway' },
    ]);
  });

  it('tells a stale gateway entry apart from none', () => {
    const stale = clientFindings(
      client({ files: [{ file: '/a', hasGatewayEntry: true }] as ClientReport['files'] }),
      'http://h:1',
    );
    expect(stale).toEqual([
      {
        check: 'client cursor',
        status: 'warn',
        message: 'Cursor has a gateway entry that does not point at http://h:1',
        fix: '`mcp-gateway clients connect cursor` updates it (with a backup)',
      },
    ]);
    expect(clientFindings(client({}), 'http://h:1')[0]).toMatchObject({
      status: 'info',
      message: 'Cursor is not connected to the gateway',
    });
  });
});

describe('gatewayOriginOf', () => {
  it("takes the running gateway's URL, else the config's address with 0.0.0.0 reached on loopback", () => {
    const none = { runtime: undefined } as GatewayTarget;
    expect(gatewayOriginOf({ target: none, host: '0.0.0.0', port: 7411 })).toBe('http://127.0.0.1:7411');
    expect(gatewayOriginOf({ target: none, host: '127.0.0.2', port: 1 })).toBe('http://127.0.0.2:1');
    const running = { runtime: { url: 'http://127.0.0.1:9000' } } as GatewayTarget;
    expect(gatewayOriginOf({ target: running, host: '0.0.0.0', port: 7411 })).toBe('http://127.0.0.1:9000');
  });
});
