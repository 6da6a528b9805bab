import { RotateCw } from 'lucide-react';

import { ErrorCallout } from '../../components/error-callout.js';
import { TextField } from '../../components/field.js';
import { type NetworkSettingsState, useNetworkSettings } from './use-network-settings.js';

/** The settings that wait for a restart, and where the gateway listens until then. */
function RestartNotice({ n }: { n: NetworkSettingsState }) {
  return (
    <div className="callout warn" role="status">
      <RotateCw size={16} />
      <div>
        <div className="title">Restart the gateway to apply: {n.pending.join(', ')}</div>
        <div className="help">
          It keeps listening on {n.live ?? 'its current address'} until it restarts; clients then need the new
          endpoint.
        </div>
      </div>
    </div>
  );
}

/** Host and port of the gateway, saved to the config; they take effect after a restart. */
export function NetworkCard() {
  const n = useNetworkSettings();
  return (
    <section className="card" aria-labelledby="net-h">
      <div className="card-head">
        <h2 id="net-h">Network</h2>
      </div>
      <form
        className="card-pad stack"
        style={{ gap: 14 }}
        onSubmit={(e) => {
          e.preventDefault();
          void n.save();
        }}
      >
        {n.pending.length > 0 && <RestartNotice n={n} />}
        <div className="grid" style={{ gridTemplateColumns: 'minmax(160px, 2fr) minmax(100px, 1fr)' }}>
          <TextField
            id="set-host"
            label="Host"
            mono
            value={n.hostValue}
            onChange={n.setHost}
            disabled={!n.loaded}
          />
          <TextField
            id="set-port"
            label="Port"
            mono
            inputMode="numeric"
            value={n.portValue}
            onChange={n.setPort}
            invalid={n.portError !== undefined}
            disabled={!n.loaded}
          />
        </div>
        {n.portError !== undefined && <span className="err-text">{n.portError}</span>}
        <span className="help faint">
          Host and port take effect after a restart of the gateway. Binding anything but 127.0.0.1 also needs
          “allowRemote” in the config file.
        </span>
        {n.error !== undefined && <ErrorCallout error={n.error} title="The settings were not saved" />}
        <div>
          <button
            className="btn primary"
            type="submit"
            disabled={n.busy || !n.changed || n.portError !== undefined}
          >
            Save
          </button>
        </div>
      </form>
    </section>
  );
}
