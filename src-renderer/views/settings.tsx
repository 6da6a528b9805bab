import { FolderOpen, Monitor, Moon, Power, RotateCw, Sun } from 'lucide-react';
import { useEffect, useState } from 'react';

import * as routes from '../../src-shared/api/routes.js';
import { useEngine } from '../api/context.js';
import { ErrorCallout } from '../components/error-callout.js';
import { Switch } from '../components/switch.js';
import { toast } from '../components/toaster.js';
import { useConnection } from '../stores/connection.js';
import { pendingRestart, rememberPendingRestart } from '../stores/pending-restart.js';
import { setTheme, type ThemeChoice, useSettings } from '../stores/settings.js';

function DesktopSettings() {
  const link = useEngine();
  const desktop = link.desktop?.desktop;
  const [atLogin, setAtLogin] = useState<boolean | undefined>(undefined);
  const [autoUpdate, setAutoUpdate] = useState<boolean | undefined>(undefined);
  useEffect(() => {
    void desktop?.getStartAtLogin().then(setAtLogin).catch(() => setAtLogin(undefined));
    void desktop?.getAutoUpdate?.().then(setAutoUpdate).catch(() => setAutoUpdate(undefined));
  }, [desktop]);
  if (desktop === undefined) {
    return null;
  }
  return (
    <section className="card" aria-labelledby="desk-h">
      <div className="card-head">
        <h2 id="desk-h">App</h2>
      </div>
      <div className="card-pad stack" style={{ gap: 14 }}>
        <div className="row">
          <Switch
            id="sw-login"
            checked={atLogin === true}
            disabled={atLogin === undefined}
            label="Start at login"
            onChange={(on) => {
              void desktop.setStartAtLogin(on).then(setAtLogin);
            }}
          />
          <label htmlFor="sw-login">Start MCP Gateway when you log in</label>
        </div>
        {desktop.setAutoUpdate !== undefined && (
          <div className="row">
            <Switch
              id="sw-update"
              checked={autoUpdate === true}
              disabled={autoUpdate === undefined}
              label="Automatic updates"
              onChange={(on) => {
                void desktop.setAutoUpdate?.(on).then(setAutoUpdate);
              }}
            />
            <label htmlFor="sw-update">Download and install updates automatically</label>
          </div>
        )}
        <div className="row wrap">
          <button className="btn" onClick={() => void desktop.revealConfig()}>
            <FolderOpen size={14} /> Show config file
          </button>
          <button className="btn danger" onClick={() => void desktop.quit()}>
            <Power size={14} /> Quit MCP Gateway
          </button>
        </div>
      </div>
    </section>
  );
}

function SearchSettings() {
  const link = useEngine();
  const learn = useSettings((s) => s.settings?.search?.learn);
  const [error, setError] = useState<unknown>(undefined);
  const set = async (on: boolean): Promise<void> => {
    setError(undefined);
    try {
      const r = await link.api.call(routes.updateSettings, { body: { search: { learn: on } } });
      useSettings.setState({ settings: r.settings, restartRequired: r.restartRequired });
    } catch (err) {
      setError(err);
    }
  };
  return (
    <section className="card" aria-labelledby="search-h">
      <div className="card-head">
        <h2 id="search-h">Tool search</h2>
      </div>
      <div className="card-pad stack" style={{ gap: 10 }}>
        <div className="row">
          <Switch id="sw-learn" checked={learn === true} disabled={learn === undefined} label="Learn from use" onChange={(on) => void set(on)} />
          <label htmlFor="sw-learn">Learn from use</label>
        </div>
        <span className="help faint">
          When a search in meta mode is followed by a call of one of its results, the gateway remembers the pairing and ranks that tool higher for similar requests. Kept on this computer only (search-memory.json in the data folder), never sent anywhere.
        </span>
        {error !== undefined && <ErrorCallout error={error} title="The setting was not saved" />}
      </div>
    </section>
  );
}

export function SettingsView() {
  const link = useEngine();
  const settings = useSettings((s) => s.settings);
  const configFile = useSettings((s) => s.configFile);
  const restartRequired = useSettings((s) => s.restartRequired);
  const theme = useSettings((s) => s.theme);
  const [host, setHost] = useState<string | undefined>(undefined);
  const [port, setPort] = useState<string | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const apiBase = useConnection((s) => s.apiBase);
  const startedAt = useConnection((s) => s.health?.startedAt);
  const live = (() => {
    try {
      const u = new URL(apiBase);
      return `${u.hostname}:${u.port}`;
    } catch {
      return undefined;
    }
  })();
  // The engine reports restartRequired only in the answer to a change; remember it until this engine restarts.
  const pending = [...new Set([...restartRequired, ...pendingRestart(startedAt)])];
  const hostValue = host ?? settings?.host ?? '';
  const portValue = port ?? String(settings?.port ?? '');
  const portError = portValue !== '' && !(/^\d+$/.test(portValue) && Number(portValue) <= 65_535) ? 'A port is a whole number from 0 to 65535 (0 picks a free one).' : undefined;

  const save = async (): Promise<void> => {
    if (portError !== undefined) {
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const r = await link.api.call(routes.updateSettings, { body: { host: hostValue.trim(), port: Number(portValue) } });
      useSettings.setState({ settings: r.settings, restartRequired: r.restartRequired });
      rememberPendingRestart(startedAt, r.restartRequired);
      setHost(undefined);
      setPort(undefined);
      toast({ kind: 'success', title: 'Settings saved', description: r.restartRequired.length > 0 ? 'Restart the gateway for them to take effect.' : undefined });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const themes: Array<{ id: ThemeChoice; label: string; icon: typeof Sun }> = [
    { id: 'system', label: 'System', icon: Monitor },
    { id: 'light', label: 'Light', icon: Sun },
    { id: 'dark', label: 'Dark', icon: Moon },
  ];

  return (
    <div className="page" style={{ maxWidth: 760 }}>
      <div className="page-head">
        <h1 tabIndex={-1}>Settings</h1>
      </div>
      <section className="card" aria-labelledby="look-h">
        <div className="card-head">
          <h2 id="look-h">Appearance</h2>
        </div>
        <div className="card-pad">
          <div className="segmented" role="radiogroup" aria-label="Theme">
            {themes.map(({ id, label, icon: Icon }) => (
              <button key={id} role="radio" aria-checked={theme === id} aria-pressed={theme === id} onClick={() => setTheme(id)}>
                <Icon size={14} /> {label}
              </button>
            ))}
          </div>
        </div>
      </section>
      <DesktopSettings />
      <section className="card" aria-labelledby="net-h">
        <div className="card-head">
          <h2 id="net-h">Network</h2>
        </div>
        <form
          className="card-pad stack"
          style={{ gap: 14 }}
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          {pending.length > 0 && (
            <div className="callout warn" role="status">
              <RotateCw size={16} />
              <div>
                <div className="title">Restart the gateway to apply: {pending.join(', ')}</div>
                <div className="help">
                  It keeps listening on {live ?? 'its current address'} until it restarts; clients then need the new endpoint.
                </div>
              </div>
            </div>
          )}
          <div className="grid" style={{ gridTemplateColumns: 'minmax(160px, 2fr) minmax(100px, 1fr)' }}>
            <div className="field">
              <label htmlFor="set-host">Host</label>
              <input id="set-host" className="input mono" value={hostValue} onChange={(e) => setHost(e.target.value)} disabled={settings === undefined} />
            </div>
            <div className="field">
              <label htmlFor="set-port">Port</label>
              <input id="set-port" className="input mono" inputMode="numeric" value={portValue} onChange={(e) => setPort(e.target.value)} aria-invalid={portError !== undefined} disabled={settings === undefined} />
            </div>
          </div>
          {portError !== undefined && <span className="err-text">{portError}</span>}
          <span className="help faint">Host and port take effect after a restart of the gateway. Binding anything but 127.0.0.1 also needs “allowRemote” in the config file.</span>
          {error !== undefined && <ErrorCallout error={error} title="The settings were not saved" />}
          <div>
            <button className="btn primary" type="submit" disabled={busy || (host === undefined && port === undefined) || portError !== undefined}>
              Save
            </button>
          </div>
        </form>
      </section>
      <SearchSettings />
      <section className="card" aria-labelledby="file-h">
        <div className="card-head">
          <h2 id="file-h">Config file</h2>
        </div>
        <div className="card-pad stack">
          <code style={{ overflowWrap: 'anywhere' }}>{configFile || '—'}</code>
          <span className="faint">Edits to the file are picked up live; a broken edit leaves the running config in force and is reported on the overview.</span>
        </div>
      </section>
    </div>
  );
}
