import { describe, expect, it } from 'vitest';

import { tool } from '../../../test/lib/trust.js';
import type { Evaluated } from './evaluated.js';
import { holdNote } from './hold-note.js';

const base = (over: Partial<Evaluated>): Evaluated => ({
  tool: tool('add'),
  hash: 'h',
  findings: [],
  status: 'new',
  held: true,
  ...over,
});

describe('holdNote', () => {
  it('says why each kind of held-back tool is hidden and how to review it', () => {
    expect(holdNote('calc', base({ status: 'changed' }))).toContain(
      'its definition changed since it was approved',
    );
    expect(holdNote('calc', base({ status: 'new' }))).toContain('it is new since the server was approved');
    expect(holdNote('calc', base({ status: 'new', renamedFrom: 'plus' }))).toContain(
      'it is "plus" under a new name',
    );
    expect(holdNote('calc', base({ status: 'changed' }))).toContain('`mcp-gateway tools review calc`');
  });

  it('names the high-severity rules of a flagged tool once each, and tells how to use a rejected one', () => {
    const f = { severity: 'high' as const, message: 'm', field: 'description', start: 0, end: 1, text: 'x' };
    const flagged = base({
      status: 'flagged',
      findings: [
        { ...f, rule: 'hidden-instructions' },
        { ...f, rule: 'hidden-instructions' },
        { ...f, rule: 'long', severity: 'low' },
      ],
    });
    expect(holdNote('calc', flagged)).toContain('its description was flagged (hidden-instructions).');
    expect(holdNote('calc', base({ status: 'rejected' }))).toContain('`mcp-gateway tools approve calc add`');
  });
});
