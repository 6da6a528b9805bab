// @vitest-environment happy-dom
import { act, cleanup, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { ApiError } from '../../../src-shared/api/client.js';
import { useServers } from '../../stores/servers.js';
import { recordingLink } from '../../test-support/engine-link.js';
import type { Draft } from './draft.js';
import { usePaste } from './use-paste.js';

const SNIPPET = JSON.stringify({
  mcpServers: {
    memory: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-memory'] },
    bad: { command: 'npx -y pkg' },
    taken: { command: 'node', args: ['x.js'] },
  },
});

function engine() {
  return recordingLink((route, input) => {
    const name = (input?.body as { name: string }).name;
    if (route === 'servers.add' && name === 'taken') {
      throw new ApiError(409, 'SERVER_EXISTS', 'a server named "taken" exists');
    }
    return { name };
  });
}

describe('usePaste', () => {
  beforeEach(() => useServers.setState({ byName: {} }));
  afterEach(() => cleanup());

  it('opens a single pasted server in the form and says what is wrong with a bad paste', () => {
    const e = engine();
    const singles: Draft[] = [];
    const { result } = renderHook(
      () =>
        usePaste(
          (d) => singles.push(d),
          () => {},
        ),
      { wrapper: e.wrapper },
    );
    act(() => result.current.setText('claude mcp add notes -- npx -y notes-server'));
    act(() => result.current.parse());
    expect(singles.map((d) => [d.name, d.command, d.args])).toEqual([['notes', 'npx', '-y notes-server']]);
    expect(result.current.parsed).toBeUndefined();
    act(() => result.current.setText('{ "mcpServers": '));
    act(() => result.current.parse());
    expect(result.current.error).toMatch(/^This is not valid JSON/);
    expect(e.sent).toEqual([]);
  });

  it('adds every server found, one by one, and tells each one what happened', async () => {
    const e = engine();
    let done = 0;
    const { result } = renderHook(
      () =>
        usePaste(
          () => {},
          () => done++,
        ),
      { wrapper: e.wrapper },
    );
    act(() => result.current.setText(SNIPPET));
    act(() => result.current.parse());
    expect(result.current.parsed?.map((s) => s.name)).toEqual(['memory', 'bad', 'taken']);
    await act(() => result.current.addAll());
    expect(e.sent.map((s) => (s.input?.body as { name: string }).name)).toEqual(['memory', 'taken']);
    expect(result.current.results).toEqual({
      memory: 'added',
      taken: 'A server named "taken" exists.',
      bad: 'Put only the program here and its arguments in "Arguments" (e.g. npx, then -y package).',
    });
    expect(result.current.busy).toBe(false);
    expect(done).toBe(0);
  });
});
