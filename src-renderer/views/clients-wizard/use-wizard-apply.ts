import { useCallback, useState } from 'react';

import { connectClient, previewClient } from '../../../src-shared/api/clients.js';
import type { EngineLink } from '../../api/engine.js';
import { type ClientReport, loadBackups, type MergedServer, scanClients } from '../../stores/clients.js';
import { importChosen } from './keep-secrets.js';
import { type ImportOutcome, type Keep, type Outcome, type Preview, removals, type Step } from './model.js';

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

  const apply = useCallback(async () => {
    setStep('apply');
    setOutcomes(Object.fromEntries(targets.map((t) => [t.id, { state: 'waiting' } as Outcome])));
    if (chosenServers.length > 0) {
      setImportOutcome({ state: 'running' });
      setImportOutcome(await importChosen(link, chosenServers, names, keep));
    } else {
      setImportOutcome({ state: 'skipped' });
    }
    // One after another: the outcomes appear in order, and two files never race for the disk.
    for (const t of targets) {
      await connectOne(t);
    }
    await Promise.all([scanClients(link), loadBackups(link)]);
  }, [link, targets, chosenServers, names, keep, connectOne, setStep]);

  return { previews, importOutcome, outcomes, loadPreviews, connectOne, apply };
}
