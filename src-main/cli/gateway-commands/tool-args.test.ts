import { describe, expect, it } from 'vitest';

import { parseToolArgs } from './tool-args.js';

describe('parseToolArgs', () => {
  it('reads values as JSON where they parse, else as text, over the --args object', () => {
    expect(parseToolArgs(['n=3', 'ok=true', 'q=hello world', 'o={"a":1}'], '{"q":"x","keep":1}')).toEqual({
      q: 'hello world',
      keep: 1,
      n: 3,
      ok: true,
      o: { a: 1 },
    });
    expect(parseToolArgs([], undefined)).toEqual({});
  });

  it('refuses --args that is not a JSON object, and a pair without a key', () => {
    expect(() => parseToolArgs([], '[1]')).toThrow(
      '--args must be a JSON object, e.g. --args \'{"query":"x"}\' (not an object)',
    );
    expect(() => parseToolArgs([], '{')).toThrow('--args must be a JSON object');
    expect(() => parseToolArgs(['=1'], undefined)).toThrow('"=1": pass tool arguments as key=value');
  });
});
