import { useCallback, useEffect, useState } from 'react';

import type { ClientsDetect } from '../../../src-shared/api/clients.js';
import { listSecrets } from '../../../src-shared/api/secrets.js';
import type { EngineLink } from '../../api/engine.js';
import { scanClients, useClients, visibleClients } from '../../stores/clients.js';
import { defaultClients, defaultPicks, type Keep, type Step } from './model.js';

export type SecretStoreInfo = Awaited<ReturnType<typeof fetchStore>>;
async function fetchStore(link: EngineLink) {
  return (await link.api.call(listSecrets)).store;
}

/** The wizard's step, what the scan found and the person's choices on it (servers, names, clients, secrets). */
export function useWizardScan(link: EngineLink) {
  const [step, setStep] = useState<Step>('scan');
  const [detect, setDetect] = useState<ClientsDetect | undefined>(undefined);
  const [scanError, setScanError] = useState<unknown>(undefined);
  const [picked, setPicked] = useState<Record<string, boolean>>({});
  const [names, setNames] = useState<Record<string, string>>({});
  const [chosenClients, setChosenClients] = useState<Record<string, boolean>>({});
  const [removeImported, setRemoveImported] = useState(false);
  const [keep, setKeep] = useState<Record<string, Keep>>({});
  const [store, setStore] = useState<SecretStoreInfo | undefined>(undefined);

  const scan = useCallback(async () => {
    setStep('scan');
    setScanError(undefined);
    setDetect(undefined);
    const d = await scanClients(link);
    if (d === undefined) {
      setScanError(useClients.getState().detectError);
      return;
    }
    setDetect(d);
    setPicked(defaultPicks(d));
    setNames(Object.fromEntries(d.servers.map((s) => [s.id, s.suggestedName])));
    setChosenClients(defaultClients(visibleClients(d)));
    setStep('servers');
  }, [link]);

  useEffect(() => {
    void scan();
  }, [scan]);

  useEffect(() => {
    // Older gateways have no secret store: the option is then simply not offered.
    fetchStore(link).then(setStore, () => setStore(undefined));
  }, [link]);

  return {
    step,
    setStep,
    detect,
    scanError,
    scan,
    picked,
    setPicked,
    names,
    setNames,
    chosenClients,
    setChosenClients,
    removeImported,
    setRemoveImported,
    keep,
    setKeep,
    store,
  };
}
