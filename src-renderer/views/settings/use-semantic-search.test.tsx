// @vitest-environment happy-dom
import { act, cleanup, renderHook, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { useSettings } from '../../stores/settings.js';
import { recordingLink } from '../../test-support/engine-link.js';
import { useSemanticSearch } from './use-semantic-search.js';

type Settings = NonNullable<ReturnType<typeof useSettings.getState>['settings']>;
const saved = (embeddings: Record<string, unknown>) => ({ search: { embeddings } }) as unknown as Settings;

/** Answers the status as indexing `indexingFor` times, then ready; takes settings changes. */
function engine(indexingFor: number) {
  let asked = 0;
  return recordingLink((route, input) => {
    if (route === 'search.embeddings') {
      asked++;
      return {
        state: asked <= indexingFor ? 'indexing' : 'ready',
        tools: 3,
        vectors: 3,
        cached: 3,
        dimensions: 8,
      };
    }
    if (route === 'settings.update') {
      const body = input?.body as { search: { embeddings: Record<string, unknown> } };
      return { settings: saved(body.search.embeddings), restartRequired: [] };
    }
    if (route === 'search.embeddings.test') {
      return { ok: true, url: 'u', model: 'm', dimensions: 8, latencyMs: 5 };
    }
    throw new Error(`unexpected ${route}`);
  });
}

describe('useSemanticSearch', () => {
  beforeEach(() =>
    useSettings.setState({
      settings: saved({ url: 'http://127.0.0.1:11434/v1', model: 'nomic', apiKey: '${secret:EMB}' }),
    }),
  );
  afterEach(() => cleanup());

  it('shows the saved endpoint and asks for the status again while tool vectors are computed', async () => {
    const e = engine(1);
    const { result } = renderHook(() => useSemanticSearch(), { wrapper: e.wrapper });
    expect(result.current.values).toEqual({
      url: 'http://127.0.0.1:11434/v1',
      model: 'nomic',
      secret: 'EMB',
    });
    expect(result.current.on).toBe(true);
    await waitFor(() => expect(result.current.status?.state).toBe('indexing'));
    await waitFor(() => expect(result.current.status?.state).toBe('ready'), { timeout: 10_000 });
    expect(e.sent.filter((s) => s.route === 'search.embeddings')).toHaveLength(2);
  });

  it('tests what is typed, uses it, and then shows the saved values again', async () => {
    const e = engine(0);
    const { result } = renderHook(() => useSemanticSearch(), { wrapper: e.wrapper });
    act(() => result.current.set.model(' other '));
    act(() => result.current.set.secret(''));
    expect(result.current.dirty).toBe(true);
    await act(() => result.current.test());
    expect(e.sent.find((s) => s.route === 'search.embeddings.test')?.input?.body).toEqual({
      url: 'http://127.0.0.1:11434/v1',
      model: 'other',
    });
    expect(result.current.tested?.ok).toBe(true);
    await act(() => result.current.apply({ enabled: false }));
    expect(e.sent.find((s) => s.route === 'settings.update')?.input?.body).toEqual({
      search: { embeddings: { enabled: false } },
    });
    expect(result.current.dirty).toBe(false);
    expect(result.current.on).toBe(false);
  });
});
