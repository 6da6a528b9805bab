import { describe, expect, it } from 'vitest';

import { hiddenLabel, toolParameters } from './tool-text.js';

describe('tool text', () => {
  it("names a tool's parameters from its input schema", () => {
    expect(toolParameters({})).toBe('none');
    expect(toolParameters({ inputSchema: { type: 'object' } })).toBe('none');
    expect(toolParameters({ inputSchema: { type: 'object', properties: { a: {}, b: {} } } })).toBe('a, b');
  });

  it('says why a switched-on tool is hidden from clients', () => {
    expect(hiddenLabel({ visible: false, enabled: true, hiddenReason: 'budget' })).toBe('hidden: budget');
    expect(hiddenLabel({ visible: false, enabled: true })).toBe('hidden: filtered');
    expect(hiddenLabel({ visible: false, enabled: false })).toBeUndefined();
    expect(hiddenLabel({ visible: true, enabled: true })).toBeUndefined();
  });
});
