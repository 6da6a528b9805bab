import { describe, expect, it } from 'vitest';

import { editText } from './text-edits.js';

describe('text edits', () => {
  it('rewrite one server entry and keep comments, order and the file’s tabs and CRLF', () => {
    const text =
      '{\r\n\t// my servers\r\n\t"mcpServers": {\r\n\t\t"a": { "command": "x" },\r\n\t\t"b": { "command": "y" }\r\n\t}\r\n}\r\n';
    const before = { mcpServers: { a: { command: 'x' }, b: { command: 'y' } } };
    const after = { mcpServers: { a: { command: 'x' }, b: { command: 'z', args: ['1'] } } };
    const edited = editText(text, before, after);
    expect(edited).toContain('\t// my servers\r\n');
    expect(edited).toContain('"a": { "command": "x" }');
    expect(edited).not.toContain('"y"');
    expect(edited).not.toMatch(/[^\r]\n/);
    expect(JSON.parse(edited.replace('// my servers', ''))).toEqual(after);
  });

  it('edit the gateway section down to one field of one profile, and remove what was removed', () => {
    const text = `{
    "gateway": {
        "port": 7411, // keep me
        "profiles": {
            "work": {
                "label": "x", // and me
                "servers": ["a"],
                "mode": "all"
            }
        }
    }
}
`;
    const before = {
      gateway: { port: 7411, profiles: { work: { label: 'x', servers: ['a'], mode: 'all' } } },
    };
    const after = { gateway: { port: 7411, profiles: { work: { label: 'x', servers: ['a', 'b'] } } } };
    const edited = editText(text, before, after);
    expect(edited).toContain('"port": 7411, // keep me');
    expect(edited).toContain('"label": "x", // and me');
    expect(edited).not.toContain('"mode"');
    expect(editText(text, before, before)).toBe(text);
  });
});
