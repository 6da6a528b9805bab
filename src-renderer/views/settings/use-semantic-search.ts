import { useEffect, useState } from 'react';

import {
  type EmbeddingsStatus,
  type EmbeddingsTest,
  getEmbeddingsStatus,
  testEmbeddings,
} from '../../../src-shared/api/context.js';
import * as routes from '../../../src-shared/api/routes.js';
import { useEngine } from '../../api/context.js';
import type { EngineLink } from '../../api/engine.js';
import { useSettings } from '../../stores/settings.js';
import { endpointForm, secretName } from './embeddings-form.js';

/** What semantic search is doing, fetched again when the settings change and every 2 s while indexing. */
function useEmbeddingsStatus(link: EngineLink, saved: unknown) {
  const [status, setStatus] = useState<EmbeddingsStatus | undefined>(undefined);
  const refresh = async (): Promise<void> => {
    try {
      setStatus(await link.api.call(getEmbeddingsStatus));
    } catch {
      setStatus(undefined);
    }
  };
  useEffect(() => {
    void refresh();
  }, [link, saved]);
  // Only while tool vectors are being computed does the status change on its own (no event says so).
  useEffect(() => {
    if (status?.state !== 'indexing') {
      return undefined;
    }
    const timer = setTimeout(() => void refresh(), 2_000);
    return () => clearTimeout(timer);
  }, [status]);
  return { status, refresh };
}

/** The embeddings endpoint form: what is typed over the saved settings, testing it and using it. */
export function useSemanticSearch() {
  const link = useEngine();
  const saved = useSettings((s) => s.settings?.search?.embeddings);
  const [url, setUrl] = useState<string | undefined>(undefined);
  const [model, setModel] = useState<string | undefined>(undefined);
  const [secret, setSecret] = useState<string | undefined>(undefined);
  const { status, refresh } = useEmbeddingsStatus(link, saved);
  const [tested, setTested] = useState<EmbeddingsTest | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const values = {
    url: url ?? saved?.url ?? '',
    model: model ?? saved?.model ?? '',
    secret: secret ?? secretName(saved?.apiKey),
  };

  const apply = async (body: Record<string, unknown>): Promise<void> => {
    setBusy(true);
    setError(undefined);
    try {
      const r = await link.api.call(routes.updateSettings, { body: { search: { embeddings: body } } });
      useSettings.setState({ settings: r.settings, restartRequired: r.restartRequired });
      setUrl(undefined);
      setModel(undefined);
      setSecret(undefined);
      await refresh();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const test = async (): Promise<void> => {
    setBusy(true);
    setError(undefined);
    setTested(undefined);
    try {
      setTested(
        await link.api.call(testEmbeddings, { body: endpointForm(values.url, values.model, values.secret) }),
      );
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return {
    saved,
    on: saved !== undefined && saved.enabled !== false,
    values,
    set: { url: setUrl, model: setModel, secret: setSecret },
    dirty: url !== undefined || model !== undefined || secret !== undefined,
    complete: values.url.trim() !== '' && values.model.trim() !== '',
    status,
    tested,
    busy,
    error,
    apply,
    test,
  };
}

export type SemanticSearchState = ReturnType<typeof useSemanticSearch>;
