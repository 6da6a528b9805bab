// @vitest-environment happy-dom
import { act, cleanup, renderHook } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { ApiError } from '../../../src-shared/api/client.js';
import { useServers } from '../../stores/servers.js';
import { recordingLink } from '../../test-support/engine-link.js';
import { type Draft, EMPTY_DRAFT } from './draft.js';
import { useServerForm } from './use-server-form.js';

/** The form hook with its draft held as the view holds it. */
function useForm(onDone: (name: string) => void) {
  const [draft, setDraft] = useState<Draft>(EMPTY_DRAFT);
  return useServerForm(draft, setDraft, onDone);
}

describe('useServerForm', () => {
  beforeEach(() => useServers.setState({ byName: {} }));
  afterEach(() => cleanup());

  it('shows what is wrong only once the form was submitted, and sends nothing then', async () => {
    const e = recordingLink(() => ({}));
    const { result } = renderHook(() => useForm(() => {}), { wrapper: e.wrapper });
    expect(result.current.show('name')).toBeUndefined();
    await act(() => result.current.submit());
    expect(result.current.show('name')).toBe('Give the server a name, e.g. "github".');
    expect(result.current.show('command')).toMatch(/^Enter the program to run/);
    expect(e.sent).toEqual([]);
  });

  it('adds the server the fields describe and goes to it', async () => {
    const e = recordingLink(() => ({}));
    const went: string[] = [];
    const { result } = renderHook(() => useForm((n) => went.push(n)), { wrapper: e.wrapper });
    act(() => result.current.set('name', ' notes '));
    act(() => result.current.set('command', 'npx'));
    act(() => result.current.set('args', '-y notes-server'));
    await act(() => result.current.submit());
    expect(e.sent[0]?.input?.body).toEqual({
      name: 'notes',
      config: { command: 'npx', args: ['-y', 'notes-server'] },
    });
    expect(went).toEqual(['notes']);
  });

  it('keeps what the gateway said when it refuses', async () => {
    const e = recordingLink(() => {
      throw new ApiError(400, 'VALIDATION_FAILED', 'command: not allowed');
    });
    const went: string[] = [];
    const { result } = renderHook(() => useForm((n) => went.push(n)), { wrapper: e.wrapper });
    act(() => result.current.set('name', 'notes'));
    act(() => result.current.set('command', 'npx'));
    await act(() => result.current.submit());
    expect((result.current.apiError as Error).message).toBe('command: not allowed');
    expect(result.current.busy).toBe(false);
    expect(went).toEqual([]);
  });
});
