import { describe, expect, it } from 'vitest';

import { createPrinter } from './printer.js';

describe('createPrinter with a writer', () => {
  it('writes tables as tab-separated rows with their head, and the empty text when there are none', () => {
    let out = '';
    const p = createPrinter((s) => {
      out += s;
    });
    p.table(
      ['a', 'b'],
      [
        ['x', 1],
        ['y', 2],
      ],
    );
    p.table(['a'], [], 'nothing here');
    p.table(['a'], []);
    p.json({ k: [1] });
    p.write('done\n');
    expect(out).toBe('a\tb\nx\t1\ny\t2\nnothing here\n(none)\n{\n  "k": [\n    1\n  ]\n}\ndone\n');
  });
});
