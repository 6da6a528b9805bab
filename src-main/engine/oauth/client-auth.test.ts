import { describe, expect, it } from 'vitest';

import { basicCredentials, unreadableFileReason, unverifiedClaims } from './client-auth.js';

const decoded = (header: string) => Buffer.from(header.replace(/^Basic /, ''), 'base64').toString('utf8');

describe('client authentication helpers', () => {
  it('form-encodes both parts of a Basic header (RFC 6749 §2.3.1)', () => {
    expect(decoded(basicCredentials('my app', 'a:b+c%d'))).toBe('my+app:a%3Ab%2Bc%25d');
    expect(basicCredentials('id', 'secret')).toBe(`Basic ${Buffer.from('id:secret').toString('base64')}`);
  });

  it('says why a file could not be read without its path', () => {
    expect(unreadableFileReason(Object.assign(new Error('/secret/path'), { code: 'ENOENT' }))).toBe(
      'it does not exist',
    );
    expect(unreadableFileReason(Object.assign(new Error('x'), { code: 'EPERM' }))).toBe(
      'the gateway may not read it',
    );
    expect(unreadableFileReason(new Error('x'))).toBe('error unknown');
  });

  it('reads the claims of a compact JWT only', () => {
    const jwt = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"exp":5}').toString('base64url')}.`;
    expect(unverifiedClaims(jwt)).toEqual({ exp: 5 });
    expect(unverifiedClaims(`$(x)${jwt}`)).toBeUndefined();
    expect(unverifiedClaims('not a token')).toBeUndefined();
  });
});
