// @vitest-environment happy-dom
import { act, cleanup, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { ApiError } from '../../../src-shared/api/client.js';
import type { CatalogEntry } from '../../lib/catalog.js';
import { type ServerRow, useServers } from '../../stores/servers.js';
import { recordingLink } from '../../test-support/engine-link.js';
import { useCatalogPick } from './use-catalog-pick.js';

const GITHUB: CatalogEntry = {
  id: 'github',
  name: 'GitHub',
  description: 'Issues and pull requests',
  homepage: 'https://github.com',
  command: 'npx',
  args: ['-y', '@modelcontextprotocol/server-github'],
  env: [{ name: 'GITHUB_TOKEN', description: 'token', required: true, secret: true }],
};

function engine(refuse = false) {
  return recordingLink((route, input) => {
    if (refuse) {
      throw new ApiError(400, 'VALIDATION_FAILED', 'the command is not allowed');
    }
    return { name: (input?.body as { name: string }).name };
  });
}

describe('useCatalogPick', () => {
  beforeEach(() => useServers.setState({ byName: { github: { name: 'github' } as ServerRow } }));
  afterEach(() => cleanup());

  it('opens an entry under a free name and holds it back until its required variables are filled', () => {
    const { result } = renderHook(() => useCatalogPick(() => {}), { wrapper: engine().wrapper });
    act(() => result.current.open(GITHUB));
    expect(result.current.name).toBe('github-2');
    expect(result.current.nameError).toBeUndefined();
    expect(result.current.missing).toEqual(['GITHUB_TOKEN']);
    act(() => result.current.setEnv({ GITHUB_TOKEN: 't' }));
    expect(result.current.missing).toEqual([]);
    act(() => result.current.setName('github'));
    expect(result.current.nameError).toBe('"github" already exists.');
  });

  it('adds the entry with the variables typed, closes and goes to the new server', async () => {
    const e = engine();
    const went: string[] = [];
    const { result } = renderHook(() => useCatalogPick((n) => went.push(n)), { wrapper: e.wrapper });
    act(() => result.current.open(GITHUB));
    act(() => result.current.setEnv({ GITHUB_TOKEN: 't' }));
    await act(() => result.current.add());
    expect(e.sent[0]?.input?.body).toEqual({
      name: 'github-2',
      config: {
        command: 'npx',
        args: ['-y', '@modelcontextprotocol/server-github'],
        env: { GITHUB_TOKEN: 't' },
      },
    });
    expect(result.current.pick).toBeUndefined();
    expect(went).toEqual(['github-2']);
  });

  it('keeps the dialog open with what the gateway said when it refuses', async () => {
    const went: string[] = [];
    const { result } = renderHook(() => useCatalogPick((n) => went.push(n)), {
      wrapper: engine(true).wrapper,
    });
    act(() => result.current.open(GITHUB));
    await act(() => result.current.add());
    expect(result.current.pick?.id).toBe('github');
    expect((result.current.error as Error).message).toBe('the command is not allowed');
    expect(result.current.busy).toBe(false);
    expect(went).toEqual([]);
  });
});
