import { useCallback, useEffect, useMemo, useState } from 'react';

import {
  type ClientsDetect,
  disconnectClient,
  importClientServers,
  listClients,
} from '../../../src-shared/api/clients.js';
import { useEngine } from '../../api/context.js';
import type { EngineLink } from '../../api/engine.js';
import { toast, toastError } from '../../components/toaster.js';
import { navigate, useHash } from '../../lib/router.js';
import { useClients } from '../../stores/clients.js';
import { chosenServers, importableServers, importToast } from './found.js';

export type Report = ClientsDetect['clients'][number];
type Found = ClientsDetect['servers'][number];

/** Importing the ticked servers and disconnecting a client; both scan again afterwards. */
function useClientActions(link: EngineLink, chosen: Found[], load: () => void) {
  const [busy, setBusy] = useState(false);
  const doImport = async (): Promise<void> => {
    setBusy(true);
    try {
      const r = await link.api.call(importClientServers, { body: { ids: chosen.map((s) => s.id) } });
      toast({ ...importToast(r), durationMs: 8000 });
      link.refresh(['servers', 'tools', 'context']);
      load();
    } catch (err) {
      toastError('The servers were not imported', err);
    } finally {
      setBusy(false);
    }
  };

  const disconnect = async (c: Report): Promise<void> => {
    try {
      const r = await link.api.call(disconnectClient, { params: { id: c.id } });
      toast({
        kind: 'success',
        title: `${c.name} is back to its own config`,
        description: r.reloadHint,
        durationMs: 9000,
      });
      load();
    } catch (err) {
      toastError(`Could not disconnect ${c.name}`, err);
    }
  };

  return { busy, doImport, disconnect };
}

/** The clients page's scan, the servers ticked for import, the dialogs it opens, and its actions. */
export function useClientsView() {
  const link = useEngine();
  const [data, setData] = useState<ClientsDetect | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [picked, setPicked] = useState<Record<string, boolean>>({});
  const [connecting, setConnecting] = useState<Report | undefined>(undefined);
  const [wizard, setWizard] = useState(false);
  // `#/clients/setup` (Overview, command palette) opens the wizard straight away.
  const setupLink = useHash().startsWith('#/clients/setup');
  useEffect(() => {
    if (setupLink) {
      setWizard(true);
    }
  }, [setupLink]);
  // The wizard and restores rescan into the clients store; show their newest scan here too.
  const scanned = useClients((s) => s.detect);
  useEffect(() => {
    if (scanned !== undefined) {
      setData(scanned);
    }
  }, [scanned]);

  const load = useCallback(() => {
    setError(undefined);
    link.api.call(listClients).then(setData).catch(setError);
  }, [link]);
  useEffect(load, [load]);

  const importable = useMemo(() => importableServers(data), [data]);
  const chosen = chosenServers(importable, picked);

  const { busy, doImport, disconnect } = useClientActions(link, chosen, load);

  /** The wizard closed: scan again, and leave `#/clients/setup` so a reload does not reopen it. */
  const onWizard = (open: boolean): void => {
    setWizard(open);
    if (!open) {
      load();
      if (setupLink) {
        navigate('#/clients');
      }
    }
  };

  return {
    data,
    error,
    picked,
    setPicked,
    busy,
    connecting,
    setConnecting,
    wizard,
    setWizard,
    onWizard,
    load,
    importable,
    chosen,
    doImport,
    disconnect,
  };
}

export type ClientsModel = ReturnType<typeof useClientsView>;
