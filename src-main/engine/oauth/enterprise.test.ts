import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type IdpFixture, startIdpServer } from '../../../test/fixtures/servers/idp-server.mjs';
import { createIdJagSource, readIdToken } from './enterprise.js';

/** A JWT-shaped token with these claims (unsigned: readIdToken only reads `exp`). */
const token = (claims: Record<string, unknown>) =>
  ['{"alg":"none"}', JSON.stringify(claims), 'sig']
    .map((p) => Buffer.from(p).toString('base64url'))
    .join('.');

describe('the ID token from the SSO tool', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mcpgw-idtoken-'));
  const now = Date.now();
  const fresh = token({ sub: 'ada', exp: Math.floor(now / 1000) + 600 });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const settings = (extra: Record<string, unknown>) => ({
    clientId: 'gw',
    idpIssuer: 'https://idp.test',
    ...extra,
  });

  it('reads a bare JWT or JSON with id_token from the file, afresh each time', async () => {
    const file = path.join(dir, 'plain');
    writeFileSync(file, `${fresh}\n`);
    expect(await readIdToken('s', settings({ idTokenFile: file }), now)).toBe(fresh);
    writeFileSync(file, JSON.stringify({ id_token: fresh, access_token: 'other' }));
    expect(await readIdToken('s', settings({ idTokenFile: file }), now)).toBe(fresh);
  });

  it('refuses what is not a JWT, saying where it came from and what to do', async () => {
    const file = path.join(dir, 'garbage');
    writeFileSync(file, 'please log in');
    await expect(readIdToken('s', settings({ idTokenFile: file }), now)).rejects.toThrow(
      /mcpServers\.s\.oauth\.enterprise\.idTokenFile gave no ID token .*sign in with your SSO tool/,
    );
  });

  it('runs the command without a shell and takes what it prints', async () => {
    const cmd = [
      process.execPath,
      '-e',
      `process.stdout.write(${JSON.stringify(JSON.stringify({ id_token: fresh }))})`,
    ];
    expect(await readIdToken('s', settings({ idTokenCommand: cmd }), now)).toBe(fresh);
    // A shell would expand this; the program gets it as it is.
    const echo = [process.execPath, '-e', 'process.stdout.write(process.argv[1])', `$(exit 1)${fresh}`];
    await expect(readIdToken('s', settings({ idTokenCommand: echo }), now)).rejects.toThrow(
      /gave no ID token/,
    );
  });

  it('a failing command: its exit code and complaint, with anything token-shaped hidden', async () => {
    const leaked = token({ sub: 'leak', exp: 1 });
    const cmd = [
      process.execPath,
      '-e',
      `console.error('session expired, old token ${leaked}'); process.exit(3)`,
    ];
    const err = await readIdToken('s', settings({ idTokenCommand: cmd }), now).catch((e: unknown) => e);
    expect(String(err)).toMatch(
      /the command in mcpServers\.s\.oauth\.enterprise\.idTokenCommand did not print an ID token \(it exited with code 3: session expired, old token \[hidden\]\); sign in with your SSO tool/,
    );
    expect(String(err)).not.toContain(leaked);
    const missing = await readIdToken(
      's',
      settings({ idTokenCommand: ['/nonexistent/sso-tool'] }),
      now,
    ).catch((e: unknown) => e);
    expect(String(missing)).toMatch(
      /the program '\/nonexistent\/sso-tool' was not found; give its full path/,
    );
  });

  it('an expired ID token is refused before anything is sent', async () => {
    const file = path.join(dir, 'expired');
    writeFileSync(file, token({ sub: 'ada', exp: Math.floor(now / 1000) - 5 }));
    await expect(readIdToken('s', settings({ idTokenFile: file }), now)).rejects.toThrow(
      /expired at .*sign in with your SSO tool again, then `mcp-gateway servers login s`/,
    );
  });
});

describe('the token exchange at the identity provider', () => {
  let idp: IdpFixture;
  let odd: http.Server;
  let oddBase = '';
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mcpgw-exchange-'));
  const file = path.join(dir, 'id-token');
  const request = { audience: 'http://127.0.0.1:1/as', resource: 'http://127.0.0.1:1/mcp' };

  beforeAll(async () => {
    // A public client at the IdP (no secret): client_id in the body.
    idp = await startIdpServer({ clientId: 'gw', asClientId: 'gw-at-as' });
    writeFileSync(file, idp.idToken());
    // An IdP that answers with another token type, one that redirects, one without metadata.
    odd = http.createServer((req, res) => {
      if (req.url === '/wrong-type') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            access_token: 'at',
            issued_token_type: 'urn:ietf:params:oauth:token-type:access_token',
          }),
        );
        return;
      }
      if (req.url === '/moved') {
        res.writeHead(307, { location: `${idp.tokenEndpoint}` });
        res.end();
        return;
      }
      res.writeHead(404);
      res.end();
    });
    await new Promise<void>((resolve) => odd.listen(0, '127.0.0.1', resolve));
    oddBase = `http://127.0.0.1:${(odd.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await idp?.close();
    await new Promise((r) => odd?.close(r));
  });

  const source = (extra: Record<string, unknown>) =>
    createIdJagSource({
      server: 's',
      settings: { clientId: 'gw', idTokenFile: file, ...extra },
      now: Date.now,
    });

  it('asks for an ID-JAG with the RFC 8693 parameters; a public client sends its client_id', async () => {
    const jag = await source({ idpIssuer: idp.issuer })({ ...request, scope: 'mcp:read' });
    expect(idp.state.issued).toContain(jag);
    const [sent] = idp.state.log;
    expect(sent?.auth).toBe('body');
    expect(sent?.params).toMatchObject({
      grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
      requested_token_type: 'urn:ietf:params:oauth:token-type:id-jag',
      subject_token_type: 'urn:ietf:params:oauth:token-type:id_token',
      client_id: 'gw',
      scope: 'mcp:read',
      ...request,
    });
  });

  it('refuses another token type than an ID-JAG', async () => {
    await expect(source({ idpTokenEndpoint: `${oddBase}/wrong-type` })(request)).rejects.toThrow(
      /issued a urn:ietf:params:oauth:token-type:access_token instead of an ID-JAG/,
    );
  });

  it('does not follow a redirect with the ID token', async () => {
    const before = idp.state.log.length;
    await expect(source({ idpTokenEndpoint: `${oddBase}/moved` })(request)).rejects.toThrow(
      /identity provider refused the token exchange \(HTTP 307/,
    );
    expect(idp.state.log.length).toBe(before);
  });

  it('an IdP without metadata: says to give idpTokenEndpoint', async () => {
    await expect(source({ idpIssuer: oddBase })(request)).rejects.toThrow(
      /publishes no OAuth or OpenID metadata with a token endpoint; give mcpServers\.s\.oauth\.enterprise\.idpTokenEndpoint/,
    );
  });
});
