import { FolderOpen, Monitor, Moon, Power, RotateCw, Sun } from 'lucide-react';
import { useEffect, useState } from 'react';

import {
  type EmbeddingsStatus,
  type EmbeddingsTest,
  getEmbeddingsStatus,
  testEmbeddings,
} from '../../src-shared/api/context.js';
import * as routes from '../../src-shared/api/routes.js';
import { useEngine } from '../api/context.js';
import { ErrorCallout } from '../components/error-callout.js';
import { Field } from '../components/field.js';
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
    void desktop
      ?.getStartAtLogin()
      .then(setAtLogin)
      .catch(() => setAtLogin(undefined));
    void desktop
      ?.getAutoUpdate?.()
      .then(setAutoUpdate)
      .catch(() => setAutoUpdate(undefined));
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
          <Switch
            id="sw-learn"
            checked={learn === true}
            disabled={learn === undefined}
            label="Learn from use"
            onChange={(on) => void set(on)}
          />
          <label htmlFor="sw-learn">Learn from use</label>
        </div>
        <span className="help faint">
          When a search in meta mode is followed by a call of one of its results, the gateway remembers the
          pairing and ranks that tool higher for similar requests. Kept on this computer only
          (search-memory.json in the data folder), never sent anywhere.
        </span>
        {error !== undefined && <ErrorCallout error={error} title="The setting was not saved" />}
        <SemanticSearchSettings />
      </div>
    </section>
  );
}

/** The secret's name inside `${secret:NAME}`, for the form. */
function secretName(ref: string | undefined): string {
  return /^\$\{secret:(.+)\}$/.exec(ref ?? '')?.[1] ?? '';
}

/**
 * Optional semantic ranking through the user's own embeddings endpoint: URL, model, the
 * keychain secret of its key, a test button (dimensions, latency) and what it is doing now.
 */
function SemanticSearchSettings() {
  const link = useEngine();
  const saved = useSettings((s) => s.settings?.search?.embeddings);
  const [url, setUrl] = useState<string | undefined>(undefined);
  const [model, setModel] = useState<string | undefined>(undefined);
  const [secret, setSecret] = useState<string | undefined>(undefined);
  const [status, setStatus] = useState<EmbeddingsStatus | undefined>(undefined);
  const [tested, setTested] = useState<EmbeddingsTest | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const urlValue = url ?? saved?.url ?? '';
  const modelValue = model ?? saved?.model ?? '';
  const secretValue = secret ?? secretName(saved?.apiKey);
  const dirty = url !== undefined || model !== undefined || secret !== undefined;
  const on = saved !== undefined && saved.enabled !== false;

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

  const form = () => ({
    url: urlValue.trim(),
    model: modelValue.trim(),
    ...(secretValue.trim() !== '' ? { apiKey: `\${secret:${secretValue.trim()}}` } : {}),
  });
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
      setTested(await link.api.call(testEmbeddings, { body: form() }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="stack" style={{ gap: 10, marginTop: 8 }} aria-label="Semantic search">
      <div className="row">
        <Switch
          id="sw-embeddings"
          checked={on}
          disabled={saved === undefined || busy}
          label="Semantic search"
          onChange={(next) => void apply({ enabled: next })}
        />
        <label htmlFor="sw-embeddings">Semantic search through an embeddings endpoint</label>
      </div>
      <span className="help faint">
        Optional. Ranks tools by meaning as well as by words, using an OpenAI-compatible /v1/embeddings
        endpoint you already run (for example Ollama at http://127.0.0.1:11434/v1 with nomic-embed-text). Tool
        names, descriptions and search requests are sent to that URL and nowhere else; nothing is downloaded.
      </span>
      <div
        className="grid"
        style={{ gridTemplateColumns: 'minmax(200px, 2fr) minmax(120px, 1fr) minmax(120px, 1fr)' }}
      >
        <Field id="emb-url" label="Endpoint URL">
          <input
            id="emb-url"
            className="input mono"
            placeholder="http://127.0.0.1:11434/v1"
            value={urlValue}
            onChange={(e) => setUrl(e.target.value)}
          />
        </Field>
        <Field id="emb-model" label="Model">
          <input
            id="emb-model"
            className="input mono"
            placeholder="nomic-embed-text"
            value={modelValue}
            onChange={(e) => setModel(e.target.value)}
          />
        </Field>
        <Field id="emb-secret" label="API key secret (optional)">
          <input
            id="emb-secret"
            className="input mono"
            placeholder="EMBEDDINGS_KEY"
            value={secretValue}
            onChange={(e) => setSecret(e.target.value)}
          />
        </Field>
      </div>
      <span className="help faint">
        The key itself stays in the keychain: store it with `mcp-gateway secrets set NAME` and enter the NAME
        here.
      </span>
      <div className="row wrap">
        <button
          className="btn"
          type="button"
          disabled={busy || urlValue.trim() === '' || modelValue.trim() === ''}
          onClick={() => void test()}
        >
          Test connection
        </button>
        <button
          className="btn primary"
          type="button"
          disabled={busy || !dirty || urlValue.trim() === '' || modelValue.trim() === ''}
          onClick={() =>
            void apply({ enabled: true, ...form(), apiKey: secretValue.trim() !== '' ? form().apiKey : null })
          }
        >
          Use this endpoint
        </button>
      </div>
      {tested !== undefined && (
        <div className={`callout ${tested.ok ? 'ok' : 'warn'}`} role="status" aria-label="Connection test">
          <div>
            {tested.ok ? (
              <div className="title">
                Connected: {tested.model} answers {tested.dimensions} dimensions in {tested.latencyMs} ms
              </div>
            ) : (
              <div className="title">Connection failed: {tested.error?.message}</div>
            )}
          </div>
        </div>
      )}
      {status !== undefined && status.state !== 'off' && (
        <span className="faint" role="status" aria-label="Semantic search status">
          {status.state === 'ready'
            ? `In use: ${status.vectors} tool vectors (${status.dimensions ?? '?'} dimensions)${status.lastQueryMs !== undefined ? `, last query ${status.lastQueryMs} ms` : ''}.`
            : `Searches rank by words only: ${status.reason ?? status.state}.`}
        </span>
      )}
      {error !== undefined && <ErrorCallout error={error} title="Semantic search was not changed" />}
    </div>
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
  const portError =
    portValue !== '' && !(/^\d+$/.test(portValue) && Number(portValue) <= 65_535)
      ? 'A port is a whole number from 0 to 65535 (0 picks a free one).'
      : undefined;

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
              <button
                key={id}
                role="radio"
                aria-checked={theme === id}
                aria-pressed={theme === id}
                onClick={() => setTheme(id)}
              >
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
                  It keeps listening on {live ?? 'its current address'} until it restarts; clients then need
                  the new endpoint.
                </div>
              </div>
            </div>
          )}
          <div className="grid" style={{ gridTemplateColumns: 'minmax(160px, 2fr) minmax(100px, 1fr)' }}>
            <Field id="set-host" label="Host">
              <input
                id="set-host"
                className="input mono"
                value={hostValue}
                onChange={(e) => setHost(e.target.value)}
                disabled={settings === undefined}
              />
            </Field>
            <Field id="set-port" label="Port">
              <input
                id="set-port"
                className="input mono"
                inputMode="numeric"
                value={portValue}
                onChange={(e) => setPort(e.target.value)}
                aria-invalid={portError !== undefined}
                disabled={settings === undefined}
              />
            </Field>
          </div>
          {portError !== undefined && <span className="err-text">{portError}</span>}
          <span className="help faint">
            Host and port take effect after a restart of the gateway. Binding anything but 127.0.0.1 also
            needs “allowRemote” in the config file.
          </span>
          {error !== undefined && <ErrorCallout error={error} title="The settings were not saved" />}
          <div>
            <button
              className="btn primary"
              type="submit"
              disabled={busy || (host === undefined && port === undefined) || portError !== undefined}
            >
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
          <span className="faint">
            Edits to the file are picked up live; a broken edit leaves the running config in force and is
            reported on the overview.
          </span>
        </div>
      </section>
    </div>
  );
}
