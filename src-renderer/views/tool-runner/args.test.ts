import { describe, expect, it } from 'vitest';

import { kindHint, parseJsonArgs, resultText } from './args.js';

describe('tool runner arguments and results', () => {
  it('joins the text parts of a result and leaves others to the raw view', () => {
    const r = {
      content: [
        { type: 'text', text: 'a' },
        { type: 'image', data: 'x' },
        { type: 'text', text: 'b' },
      ],
    };
    expect(resultText(r)).toBe('a\n\nb');
    expect(resultText({ content: [{ type: 'image' }] })).toBeUndefined();
    expect(resultText({ structuredContent: {} })).toBeUndefined();
  });

  it('reads JSON arguments, empty as none, and says what is wrong', () => {
    expect(parseJsonArgs('{ "a": 1 }')).toEqual({ args: { a: 1 } });
    expect(parseJsonArgs('  ')).toEqual({ args: {} });
    expect(parseJsonArgs('[1]')).toEqual({
      error: 'The arguments must be a JSON object: { "name": value }.',
    });
    expect(parseJsonArgs('null')).toEqual({
      error: 'The arguments must be a JSON object: { "name": value }.',
    });
    const bad = parseJsonArgs('{ a: 1 }');
    expect('error' in bad && bad.error.startsWith('Not valid JSON: ')).toBe(true);
  });

  it('names the kind of value a field takes', () => {
    expect(kindHint('string-list')).toBe('one per line');
    expect(kindHint('json')).toBe('JSON');
    expect(kindHint('number')).toBe('number');
  });
});
