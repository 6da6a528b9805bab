import { useCallback, useState } from 'react';

import { connectClient, importClientServers, previewClient } from '../../../src-shared/api/clients.js';
import type { EngineLink } from '../../api/engine.js';
import { type ClientReport, loadBackups, type MergedServer, scanClients } from '../../stores/clients.js';
import { keepSecrets } from './keep-secrets.js';
import {
  gatewayName,
  type ImportOutcome,
  type Keep,
  type Outcome,
  type Preview,
  removals,
  type Step,
} from './model.js';

interface Choices {
  setStep: (s: Step) => void;
  targets: ClientReport[];
  chosenServers: MergedServer[];
  names: Record<string, string>;
  keep: Record<string, Keep>;
  removeImported: boolean;
}

/** Previewing each chosen client's files, then importing the chosen servers and connecting the clients. */
export function useWizardApply(link: EngineLink, c: Choices) {
  const { setStep, targets, chosenServers, names, keep, removeImported } = c;
  const [previews, setPreviews] = useState<Record<string, Preview>>({});
  const [importOutcome, setImportOutcome] = useState<ImportOutcome>({ state: 'skipped' });
  const [outcomes, setOutcomes] = useState<Record<string, Outcome>>({});
  const removalsFor = useCallback(
    (clientId: string) => removals(removeImported, chosenServers, clientId),
    [removeImported, chosenServers],
  );

  const loadPreviews = useCallback(async () => {
    setStep('preview');
    setPreviews(Object.fromEntries(targets.map((t) => [t.id, { state: 'loading' } as Preview])));
    await Promise.all(
      targets.map(async (t) => {
        try {
          const plan = await link.api.call(previewClient, {
            params: { id: t.id },
            body: { removeImported: removalsFor(t.id) },
          });
          setPreviews((p) => ({ ...p, [t.id]: { state: 'ready', plan } }));
        } catch (error) {
          setPreviews((p) => ({ ...p, [t.id]: { state: 'error', error } }));
        }
      }),
    );
  }, [link, targets, removalsFor, setStep]);

  const connectOne = useCallback(
    async (t: ClientReport): Promise<void> => {
      setOutcomes((o) => ({ ...o, [t.id]: { state: 'running' } }));
      try {
        const r = await link.api.call(connectClient, {
          params: { id: t.id },
          body: { removeImported: removalsFor(t.id) },
        });
        setOutcomes((o) => ({
          ...o,
          [t.id]: { state: 'ok', changed: r.files.some((f) => f.changed), reloadHint: r.reloadHint },
        }));
      } catch (error) {
        setOutcomes((o) => ({ ...o, [t.id]: { state: 'error', error } }));
      }
    },
    [link, removalsFor],
  );

  const importServers = useCallback(async () => {
    setImportOutcome({ state: 'running' });
    try {
      const rename = Object.fromEntries(chosenServers.map((s) => [s.id, gatewayName(s, names)]));
      const r = await link.api.call(importClientServers, {
        body: { ids: chosenServers.map((s) => s.id), names: rename },
      });
      const { kept, keepErrors } = await keepSecrets(link, chosenServers, names, keep, r.added);
      setImportOutcome({
        state: 'ok',
        added: r.added.map((a) => a.name),
        pending: r.added.filter((a) => a.approval !== undefined).map((a) => a.name),
        skipped: r.skipped.map((s) => `${s.name ?? s.id}: ${s.reason}`),
        kept,
        keepErrors,
      });
      link.refresh(['servers', 'tools', 'context']);
    } catch (error) {
      // Connecting still works without the import: the clients keep their own servers then.
      setImportOutcome({ state: 'error', error });
    }
  }, [link, chosenServers, names, keep]);

  const apply = useCallback(async () => {
    setStep('apply');
    setOutcomes(Object.fromEntries(targets.map((t) => [t.id, { state: 'waiting' } as Outcome])));
    if (chosenServers.length > 0) {
      await importServers();
    } else {
      setImportOutcome({ state: 'skipped' });
    }
    // One after another: the outcomes appear in order, and two files never race for the disk.
    for (const t of targets) {
      await connectOne(t);
    }
    await Promise.all([scanClients(link), loadBackups(link)]);
  }, [link, targets, chosenServers, connectOne, importServers, setStep]);

  return { previews, importOutcome, outcomes, loadPreviews, connectOne, apply };
}
