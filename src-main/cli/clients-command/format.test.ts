import { describe, expect, it } from 'vitest';

import type { ClientPlan, ClientReport, DetectResult, MergedServer } from '../../engine/clients/index.js';
import {
  clientRow,
  describeRedacted,
  describeServer,
  foundServerRow,
  importNotes,
  planText,
  redactedDetect,
  secretsText,
} from './format.js';

const TOKEN = 'ghp_0123456789abcdefghij0123456789abcdef';

function server(over: Partial<MergedServer> = {}): MergedServer {
  return {
    id: 'abc123',
    suggestedName: 'github',
    config: { command: 'npx', args: ['-y', 'gh'], env: { GITHUB_TOKEN: TOKEN } },
    sources: [
      { client: 'cursor', location: 'user', file: '/h/.cursor/mcp.json', name: 'github', scope: 'user' },
    ],
    scope: 'user',
    project: undefined,
    secrets: [{ field: 'env', key: 'GITHUB_TOKEN', reason: 'name' }],
    notes: [],
    inGateway: undefined,
    ...over,
  } as MergedServer;
}

describe('describeServer', () => {
  it('shows a command line, or a URL with its transport', () => {
    expect(describeServer({ command: 'npx', args: ['-y', 'pkg'] })).toBe('npx -y pkg');
    expect(describeServer({ url: 'https://x.test/mcp', type: 'sse' })).toBe('https://x.test/mcp (sse)');
    expect(describeServer({ url: 'https://x.test/mcp' })).toBe('https://x.test/mcp');
  });

  it('never shows a flagged secret', () => {
    const s = server({ config: { command: 'run', args: ['--token', TOKEN] } });
    s.secrets = [{ field: 'args', key: '--token', reason: 'name' }];
    expect(describeRedacted(s)).not.toContain(TOKEN);
    expect(describeRedacted(s)).toContain('run --token');
  });
});

describe('rows', () => {
  it("names each found server's sources, project and secrets", () => {
    const s = server({
      scope: 'project',
      project: '/work/repo',
      sources: [
        {
          client: 'vscode',
          location: 'p',
          file: '/work/repo/.vscode/mcp.json',
          name: 'gh',
          scope: 'project',
        },
      ],
    });
    const [name, id, from, what, secrets, inGateway] = foundServerRow(s);
    expect([name, id, what, inGateway]).toEqual(['github', 'abc123', 'npx -y gh', '']);
    expect(from).toBe('vscode (as gh)\nPROJECT /work/repo (imported only by name)');
    expect(secrets).toBe(secretsText(s));
    expect(secrets).toBe('GITHUB_TOKEN (env)');
  });

  it("counts a client's importable servers and says which file cannot be read", () => {
    const c = {
      name: 'Cursor',
      id: 'cursor',
      connected: true,
      seen: false,
      files: [
        {
          file: '/a.json',
          exists: true,
          problem: undefined,
          servers: [{ config: {} }, { config: undefined }],
        },
        { file: '/b.json', exists: true, problem: { message: 'bad JSON', line: 3 }, servers: [] },
        { file: '/c.json', exists: false, problem: undefined, servers: [] },
      ],
    } as unknown as ClientReport;
    expect(clientRow(c)).toEqual([
      'Cursor',
      'cursor',
      'yes',
      '-',
      1,
      '/a.json\n/b.json (CANNOT BE READ: bad JSON at line 3, column 1)',
    ]);
    expect(clientRow({ ...c, files: [] })[5]).toBe('(none yet)');
  });
});

describe('redactedDetect', () => {
  it('redacts every flagged secret in the clients and in the merged list, and changes nothing else', () => {
    const s = server();
    const found = {
      clients: [{ id: 'cursor', files: [{ file: '/a.json', servers: [{ ...s }] }] }],
      servers: [s],
      conflicts: [],
    } as unknown as DetectResult;
    const text = JSON.stringify(redactedDetect(found));
    expect(text).not.toContain(TOKEN);
    expect(text).toContain('GITHUB_TOKEN');
    expect(JSON.stringify(found)).toContain(TOKEN);
  });
});

describe('importNotes', () => {
  it('lists skipped, left-out, waiting and secret-holding servers, in that order', () => {
    const added = [
      { ...server(), name: 'github', approval: { reason: 'it comes from a project file', variables: [] } },
      { ...server(), name: 'plain', secrets: [] },
    ];
    const text = importNotes(
      { added: added as never, skipped: [{ id: 'x1', reason: 'a built-in extension' }] },
      'left out 1 server from project files\n',
    );
    expect(text).toBe(
      '- skipped x1: a built-in extension\n' +
        '- left out 1 server from project files\n' +
        '! github does not run yet: it comes from a project file\n' +
        '! github holds secrets in plain text (GITHUB_TOKEN (env)): move them to the keychain and write ${secret:NAME} instead\n',
    );
    expect(importNotes({ added: [], skipped: [] }, undefined)).toBe('');
  });
});

describe('planText', () => {
  const plan = (changed: boolean): ClientPlan =>
    ({
      client: 'cursor',
      name: 'Cursor',
      warnings: ['one warning'],
      files: [{ file: '/a.json', changed, diff: `+ "token": "${TOKEN}"\n` }],
    }) as unknown as ClientPlan;

  it('prints the warnings and the diffs with known secrets redacted', () => {
    const text = planText(plan(true), [TOKEN]);
    expect(text.startsWith('! one warning\n+ "token": "')).toBe(true);
    expect(text).not.toContain(TOKEN);
  });

  it('says when nothing would change', () => {
    expect(planText(plan(false), [])).toBe(
      '! one warning\nCursor is already connected to the gateway: nothing to change\n',
    );
  });
});
