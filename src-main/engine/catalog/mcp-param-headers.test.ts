import { describe, expect, it } from 'vitest';

import { checkParamHeaders, paramHeadersOf, paramHeaderValues } from './mcp-param-headers.js';

const schema = {
  type: 'object',
  properties: {
    region: { type: 'string', 'x-mcp-header': 'Region' },
    count: { type: 'integer', 'x-mcp-header': 'Count' },
    nested: { type: 'object', properties: { flag: { type: 'boolean', 'x-mcp-header': 'Flag' } } },
    plain: { type: 'string' },
  },
};

const headersOf = (h: Record<string, string>) => (name: string) =>
  Object.entries(h).find(([k]) => k.toLowerCase() === name)?.[1];

describe('SEP-2243 Mcp-Param headers', () => {
  it('finds declarations reachable through properties, nested ones too', () => {
    expect(paramHeadersOf(schema).map((d) => [d.path.join('.'), d.header])).toEqual([
      ['region', 'Region'],
      ['count', 'Count'],
      ['nested.flag', 'Flag'],
    ]);
  });

  it('gives up on a schema whose declarations are not usable (as clients do)', () => {
    const under = { type: 'object', anyOf: [{ properties: { a: { type: 'string', 'x-mcp-header': 'A' } } }] };
    expect(paramHeadersOf({ ...schema, ...under })).toEqual([]);
    const dup = {
      type: 'object',
      properties: { a: { type: 'string', 'x-mcp-header': 'X' }, b: { type: 'string', 'x-mcp-header': 'x' } },
    };
    expect(paramHeadersOf(dup)).toEqual([]);
    const bad = { type: 'object', properties: { a: { type: 'string', 'x-mcp-header': 'has space' } } };
    expect(paramHeadersOf(bad)).toEqual([]);
    const obj = { type: 'object', properties: { a: { type: 'object', 'x-mcp-header': 'A' } } };
    expect(paramHeadersOf(obj)).toEqual([]);
    const number = { type: 'object', properties: { a: { type: 'number', 'x-mcp-header': 'A' } } };
    expect(paramHeadersOf(number)).toEqual([]);
    expect(paramHeadersOf(undefined)).toEqual([]);
  });

  it('mirrors primitive arguments, in Base64 when they are not plain visible ASCII', () => {
    const d = paramHeadersOf(schema);
    expect(paramHeaderValues(d, { region: 'eu-west', count: 3, nested: { flag: false } })).toEqual({
      'Mcp-Param-Region': 'eu-west',
      'Mcp-Param-Count': '3',
      'Mcp-Param-Flag': 'false',
    });
    expect(paramHeaderValues(d, { region: 'Zürich ' })).toEqual({
      'Mcp-Param-Region': `=?base64?${Buffer.from('Zürich ').toString('base64')}?=`,
    });
    expect(paramHeaderValues(d, {})).toEqual({});
  });

  it('accepts what it sends, and refuses a missing, mismatched or badly encoded header', () => {
    const d = paramHeadersOf(schema);
    const args = { region: 'Zürich', count: 10 };
    expect(checkParamHeaders(d, args, headersOf(paramHeaderValues(d, args)))).toBeUndefined();
    // A number may be written another way (10 vs 10.0); a value without a whole sentinel is literal.
    expect(checkParamHeaders(d, { count: 10 }, headersOf({ 'Mcp-Param-Count': '10.0' }))).toBeUndefined();
    expect(
      checkParamHeaders(d, { region: '=?base64?SGk=' }, headersOf({ 'Mcp-Param-Region': '=?base64?SGk=' })),
    ).toBeUndefined();
    expect(checkParamHeaders(d, { region: 'eu' }, headersOf({}))?.message).toMatch(
      /not the Mcp-Param-Region header/,
    );
    expect(checkParamHeaders(d, { region: 'eu' }, headersOf({ 'Mcp-Param-Region': 'us' }))?.header).toBe(
      'Mcp-Param-Region',
    );
    expect(
      checkParamHeaders(d, { region: 'Hello' }, headersOf({ 'Mcp-Param-Region': '=?base64?SGVsbG8?=' }))
        ?.message,
    ).toMatch(/not valid Base64/);
    // Arguments the body does not carry need no header.
    expect(checkParamHeaders(d, { plain: 'x' }, headersOf({}))).toBeUndefined();
  });
});
