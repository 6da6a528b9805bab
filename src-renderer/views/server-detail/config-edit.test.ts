import { describe, expect, it } from 'vitest';

import { approvalCommand, configUpdate } from './config-edit.js';

describe('config edit', () => {
  it('says what is wrong with text that is not JSON or not a server config', () => {
    const notJson = configUpdate('{ "command": ', {});
    expect('problem' in notJson && notJson.problem).toMatch(/^Not valid JSON: /);
    const badArgs = configUpdate('{ "command": "npx", "args": "x" }', {});
    expect('problem' in badArgs && badArgs.problem).toMatch(/^args: /);
  });

  it('sends fields left out as null so they are removed, and keeps the rest as typed', () => {
    const current = { command: 'npx', args: ['a'], env: { TOKEN: '[redacted]' }, description: 'x' };
    const u = configUpdate(
      JSON.stringify({ command: 'npx', args: ['b'], env: { TOKEN: '[redacted]' } }),
      current,
    );
    expect(u).toEqual({
      body: { command: 'npx', args: ['b'], env: { TOKEN: '[redacted]' }, description: null },
    });
  });

  it('shows the command line an imported server would run, or nothing for a config it cannot read', () => {
    expect(approvalCommand({ command: 'npx', args: ['-y', 'some server'] })).toBe("npx -y 'some server'");
    expect(approvalCommand({ url: 'https://mcp.example.test/mcp' })).toBe('https://mcp.example.test/mcp');
    expect(approvalCommand({ command: 5 })).toBeUndefined();
    expect(approvalCommand(undefined)).toBeUndefined();
  });
});
