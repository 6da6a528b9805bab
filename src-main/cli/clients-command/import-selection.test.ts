import { describe, expect, it } from 'vitest';

import type { MergedServer } from '../../engine/clients/index.js';
import { CliError } from '../output.js';
import { leftOutJson, selectImports } from './import-selection.js';

function server(
  id: string,
  name: string,
  client: string,
  scope: MergedServer['scope'] = 'user',
): MergedServer {
  return {
    id,
    suggestedName: name,
    config: { command: name },
    sources: [{ client, location: 'l', file: `/${client}/${name}.json`, name: `${name}-orig`, scope }],
    scope,
    project: scope === 'user' ? undefined : '/repo',
    secrets: [],
    notes: [],
    inGateway: undefined,
    variants: [],
  } as unknown as MergedServer;
}

const FOUND = [
  server('id1', 'github', 'cursor'),
  server('id2', 'files', 'claude-desktop'),
  server('id3', 'repo-tool', 'vscode', 'project'),
];
const CLIENTS = ['cursor', 'claude-desktop', 'vscode'];
const names = (xs: MergedServer[]) => xs.map((m) => m.suggestedName);

describe('selectImports', () => {
  it("takes every server from clients' own settings with --all and says which project servers it left out", () => {
    const sel = selectImports(FOUND, CLIENTS, [], { all: true });
    expect(names(sel.pool)).toEqual(['github', 'files']);
    expect(names(sel.projectScoped)).toEqual(['repo-tool']);
    expect(sel.leftOut).toBe(
      'left out 1 server from project files: repo-tool (/repo) — import them by name, or add ' +
        '--include-project; they wait for your approval before they run\n',
    );
    expect(leftOutJson(sel.projectScoped)).toEqual([
      { name: 'repo-tool', id: 'id3', scope: 'project', project: '/repo' },
    ]);
  });

  it('takes project servers too with --include-project, or when named', () => {
    expect(names(selectImports(FOUND, CLIENTS, [], { all: true, includeProject: true }).pool)).toEqual([
      'github',
      'files',
      'repo-tool',
    ]);
    const named = selectImports(FOUND, CLIENTS, ['repo-tool-orig', 'id1'], {});
    expect(names(named.pool)).toEqual(['github', 'repo-tool']);
    expect(named.leftOut).toBeUndefined();
  });

  it('keeps to one client with --from, and refuses a client it does not know', () => {
    expect(names(selectImports(FOUND, CLIENTS, [], { all: true, from: 'cursor' }).pool)).toEqual(['github']);
    expect(() => selectImports(FOUND, CLIENTS, [], { all: true, from: 'nope' })).toThrow(
      'unknown client "nope": use one of cursor, claude-desktop, vscode',
    );
  });

  it('asks for names without --all, and names the ones it cannot find', () => {
    expect(() => selectImports(FOUND, CLIENTS, [], {})).toThrow(CliError);
    expect(() => selectImports(FOUND, CLIENTS, ['github', 'x', 'y'], {})).toThrow(
      'no server called "x", "y" was found',
    );
  });

  it('renames with --as by name or id, and refuses a pair that names no server being imported', () => {
    const sel = selectImports(FOUND, CLIENTS, [], { all: true, as: ['github=gh', 'id2=fs'] });
    expect(sel.names).toEqual({ id1: 'gh', id2: 'fs' });
    expect(() => selectImports(FOUND, CLIENTS, [], { all: true, as: ['repo-tool=r'] })).toThrow(
      '--as repo-tool=r: write it as <name-or-id>=<new name>',
    );
    expect(() => selectImports(FOUND, CLIENTS, [], { all: true, as: ['github='] })).toThrow('--as github=');
  });
});
