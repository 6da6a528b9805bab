import { useState } from 'react';

import * as routes from '../../../src-shared/api/routes.js';
import { useEngine } from '../../api/context.js';
import { toast } from '../../components/toaster.js';
import { useConnection } from '../../stores/connection.js';
import { pendingRestart, rememberPendingRestart } from '../../stores/pending-restart.js';
import { useSettings } from '../../stores/settings.js';
import { liveAddress, pendingRestarts, portProblem } from './network.js';

/** Host and port as typed over the saved settings, what waits for a restart, and saving them. */
export function useNetworkSettings() {
  const link = useEngine();
  const settings = useSettings((s) => s.settings);
  const restartRequired = useSettings((s) => s.restartRequired);
  const [host, setHost] = useState<string | undefined>(undefined);
  const [port, setPort] = useState<string | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const apiBase = useConnection((s) => s.apiBase);
  const startedAt = useConnection((s) => s.health?.startedAt);
  // The engine reports restartRequired only in the answer to a change; remember it until this engine restarts.
  const pending = pendingRestarts(restartRequired, pendingRestart(startedAt));
  const hostValue = host ?? settings?.host ?? '';
  const portValue = port ?? String(settings?.port ?? '');
  const portError = portProblem(portValue);

  const save = async (): Promise<void> => {
    if (portError !== undefined) {
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const r = await link.api.call(routes.updateSettings, {
        body: { host: hostValue.trim(), port: Number(portValue) },
      });
      useSettings.setState({ settings: r.settings, restartRequired: r.restartRequired });
      rememberPendingRestart(startedAt, r.restartRequired);
      setHost(undefined);
      setPort(undefined);
      toast({
        kind: 'success',
        title: 'Settings saved',
        description:
          r.restartRequired.length > 0 ? 'Restart the gateway for them to take effect.' : undefined,
      });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return {
    loaded: settings !== undefined,
    live: liveAddress(apiBase),
    pending,
    hostValue,
    portValue,
    setHost,
    setPort,
    portError,
    changed: host !== undefined || port !== undefined,
    error,
    busy,
    save,
  };
}

export type NetworkSettingsState = ReturnType<typeof useNetworkSettings>;
