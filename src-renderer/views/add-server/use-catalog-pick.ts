import { useState } from 'react';

import * as routes from '../../../src-shared/api/routes.js';
import { useEngine } from '../../api/context.js';
import { toast } from '../../components/toaster.js';
import { catalogConfig, type CatalogEntry } from '../../lib/catalog.js';
import { catalogNameError, freeName, missingEnv } from './catalog-pick.js';
import { useExistingNames } from './use-existing-names.js';

/** The catalog entry being added: its name and variables as typed, their checks, and adding it. */
export function useCatalogPick(onDone: (name: string) => void) {
  const link = useEngine();
  const existing = useExistingNames();
  const [pick, setPick] = useState<CatalogEntry | undefined>(undefined);
  const [env, setEnv] = useState<Record<string, string>>({});
  const [name, setName] = useState('');
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);

  const open = (e: CatalogEntry): void => {
    setPick(e);
    setEnv({});
    setError(undefined);
    setName(freeName(e.id, existing));
  };

  const add = async (): Promise<void> => {
    if (pick === undefined) {
      return;
    }
    setBusy(true);
    try {
      await link.api.call(routes.addServer, { body: { name, config: catalogConfig(pick, env) } });
      toast({ kind: 'success', title: `Added ${name}`, description: 'It is starting now.' });
      setPick(undefined);
      onDone(name);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return {
    pick,
    close: () => setPick(undefined),
    env,
    setEnv,
    name,
    setName,
    nameError: catalogNameError(name, existing),
    missing: missingEnv(pick, env),
    error,
    busy,
    open,
    add,
  };
}

export type CatalogPickState = ReturnType<typeof useCatalogPick>;
