import { describe, expect, it } from 'vitest';

import { resultText } from './tools.js';

describe('resultText', () => {
  it('prints text parts as they are and other parts as JSON, one a line', () => {
    expect(resultText([{ type: 'text', text: 'a\nb' }, { type: 'image' }, { type: 'text' }])).toBe(
      'a\nb\n{"type":"image"}\n\n',
    );
    expect(resultText([])).toBe('');
  });
});
