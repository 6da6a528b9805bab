import * as Dialog from '@radix-ui/react-dialog';
import { CheckCircle2, Download, Laptop, Link2, RefreshCw, Unlink, Wand2 } from 'lucide-react';
import { useCallback, useEffect, useMemo, useState } from 'react';

import {
  type ClientPlanDto,
  type ClientsDetect,
  connectClient,
  disconnectClient,
  importClientServers,
  listClients,
  previewClient,
} from '../../src-shared/api/clients.js';
import { useEngine } from '../api/context.js';
import { EmptyState } from '../components/empty-state.js';
import { ErrorCallout } from '../components/error-callout.js';
import { toast, toastError } from '../components/toaster.js';
import { commandLine } from '../lib/catalog.js';
import { navigate, useHash } from '../lib/router.js';
import { useClients } from '../stores/clients.js';
import { BackupsCard, RestoreClientButton } from './clients-backups.js';
import { ProfilesCard } from './clients-profiles.js';
import { TokensCard } from './clients-tokens.js';
import { ClientsWizard } from './clients-wizard.js';

type Report = ClientsDetect['clients'][number];

/** Preview of what connecting changes in the client's files, then the change itself. */
function ConnectDialog({
  client,
  onClose,
  onDone,
}: {
  client: Report;
  onClose: () => void;
  onDone: () => void;
}) {
  const link = useEngine();
  const [plan, setPlan] = useState<ClientPlanDto | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    link.api
      .call(previewClient, { params: { id: client.id }, body: {} })
      .then(setPlan)
      .catch(setError);
  }, [link, client.id]);
  const connect = async (): Promise<void> => {
    setBusy(true);
    try {
      const r = await link.api.call(connectClient, { params: { id: client.id }, body: {} });
      toast({
        kind: 'success',
        title: `${client.name} now uses the gateway`,
        description: r.reloadHint,
        durationMs: 9000,
      });
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog.Root open onOpenChange={(o) => !o && onClose()}>
      <Dialog.Portal>
        <Dialog.Overlay className="overlay" />
        <Dialog.Content
          className="dialog"
          style={{ width: 'min(720px, calc(100vw - 24px))' }}
          aria-describedby={undefined}
        >
          <Dialog.Title>Connect {client.name} to the gateway?</Dialog.Title>
          <p className="muted" style={{ margin: 0 }}>
            Its config gets one entry that points at the gateway. The file is backed up first; Disconnect puts
            the original back byte for byte.
          </p>
          {plan === undefined && error === undefined && <div className="skeleton" style={{ width: '60%' }} />}
          {plan?.files.map((f) => (
            <div className="field" key={f.file}>
              <span className="field-label mono">{f.file}</span>
              {f.changed ? (
                <pre className="code" data-testid="client-diff" style={{ margin: 0 }}>
                  {f.diff}
                </pre>
              ) : (
                <span className="help">Already up to date.</span>
              )}
            </div>
          ))}
          {plan?.warnings.map((w) => (
            <div className="callout warn" key={w}>
              {w}
            </div>
          ))}
          {error !== undefined && <ErrorCallout error={error} title="The change cannot be made" />}
          <div className="actions">
            <Dialog.Close asChild>
              <button className="btn">Cancel</button>
            </Dialog.Close>
            <button
              className="btn primary"
              disabled={busy || plan === undefined || !plan.changed}
              onClick={() => void connect()}
            >
              {busy ? 'Connecting…' : 'Connect'}
            </button>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

export function ClientsView() {
  const link = useEngine();
  const [data, setData] = useState<ClientsDetect | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [picked, setPicked] = useState<Record<string, boolean>>({});
  const [busy, setBusy] = useState(false);
  const [connecting, setConnecting] = useState<Report | undefined>(undefined);
  const [wizard, setWizard] = useState(false);
  // `#/clients/setup` (Overview, command palette) opens the wizard straight away.
  const hash = useHash();
  const setupLink = hash.startsWith('#/clients/setup');
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

  const importable = useMemo(() => (data?.servers ?? []).filter((s) => s.inGateway === undefined), [data]);
  const chosen = importable.filter((s) => picked[s.id] ?? true);
  const clientName = useMemo(() => new Map((data?.clients ?? []).map((c) => [c.id, c.name])), [data]);

  const doImport = async (): Promise<void> => {
    setBusy(true);
    try {
      const r = await link.api.call(importClientServers, { body: { ids: chosen.map((s) => s.id) } });
      toast({
        kind: r.skipped.length > 0 ? 'info' : 'success',
        title: `Imported ${r.added.length} server${r.added.length === 1 ? '' : 's'}`,
        description:
          r.skipped.length > 0
            ? `Skipped: ${r.skipped.map((s) => `${s.name ?? s.id} (${s.reason})`).join('; ')}`
            : 'They are starting now.',
        durationMs: 8000,
      });
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

  const shown = (data?.clients ?? []).filter((c) => c.installed || c.hasConfig || c.connected);

  return (
    <div className="page">
      <div className="page-head">
        <div style={{ flex: 1 }}>
          <h1 tabIndex={-1}>Clients</h1>
          <div className="page-sub">
            The AI apps on this computer: bring their servers into the gateway, then point them at it.
          </div>
        </div>
        <button className="btn" onClick={load} aria-label="Scan again">
          <RefreshCw size={14} /> <span className="hide-compact">Scan again</span>
        </button>
        <button className="btn primary" onClick={() => setWizard(true)}>
          <Wand2 size={14} /> Set up clients…
        </button>
      </div>
      {error !== undefined && <ErrorCallout error={error} title="Could not look for clients" />}
      {data === undefined && error === undefined && (
        <div className="card card-pad stack">
          <div className="skeleton" style={{ width: '40%' }} />
          <div className="skeleton" style={{ width: '70%' }} />
        </div>
      )}
      {data !== undefined && (
        <>
          <section className="card" aria-labelledby="found-h">
            <div className="card-head">
              <Download size={16} aria-hidden />
              <h2 id="found-h">Servers found in your clients</h2>
              {importable.length > 0 && (
                <button
                  className="btn primary sm"
                  disabled={busy || chosen.length === 0}
                  onClick={() => void doImport()}
                >
                  Import {chosen.length}
                </button>
              )}
            </div>
            {data.servers.length === 0 ? (
              <div className="card-pad faint">No client on this computer has MCP servers configured yet.</div>
            ) : (
              <table className="table" aria-label="Servers found">
                <tbody>
                  {data.servers.map((s) => (
                    <tr key={s.id}>
                      <td style={{ width: 32 }}>
                        {s.inGateway === undefined ? (
                          <input
                            type="checkbox"
                            aria-label={`Import ${s.suggestedName}`}
                            checked={picked[s.id] ?? true}
                            onChange={(e) => setPicked({ ...picked, [s.id]: e.target.checked })}
                          />
                        ) : (
                          <CheckCircle2
                            size={15}
                            style={{ color: 'var(--green)' }}
                            aria-label="already in the gateway"
                          />
                        )}
                      </td>
                      <td>
                        <b>{s.suggestedName}</b>{' '}
                        {s.inGateway !== undefined && (
                          <span className="tag ok">in the gateway as {s.inGateway}</span>
                        )}
                        {s.secrets.length > 0 && (
                          <span className="tag" style={{ marginLeft: 4 }}>
                            has secrets
                          </span>
                        )}
                        <div className="mono faint" style={{ overflowWrap: 'anywhere' }}>
                          {commandLine(s.config as Parameters<typeof commandLine>[0])}
                        </div>
                        <div className="faint">
                          from{' '}
                          {[...new Set(s.sources.map((x) => clientName.get(x.client) ?? x.client))].join(
                            ', ',
                          )}
                        </div>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
          <section className="card" aria-labelledby="clients-h">
            <div className="card-head">
              <Laptop size={16} aria-hidden />
              <h2 id="clients-h">Clients</h2>
            </div>
            {shown.length === 0 ? (
              <EmptyState icon={Laptop} title="No AI client found">
                Install Claude Desktop, Claude Code, Cursor, VS Code or another MCP client, then scan again.
                You can always connect a client by hand with the snippet on the Overview.
              </EmptyState>
            ) : (
              <ul className="list" style={{ listStyle: 'none', margin: 0, padding: 0 }} aria-label="Clients">
                {shown.map((c) => (
                  <li
                    key={c.id}
                    className="row"
                    style={{
                      padding: '12px 16px',
                      borderBottom: '1px solid var(--border)',
                      alignItems: 'flex-start',
                    }}
                    aria-label={c.name}
                  >
                    <div style={{ flex: 1, minWidth: 0 }}>
                      <div className="row" style={{ gap: 6 }}>
                        <b>{c.name}</b>
                        {c.connected ? (
                          <span className="badge s-running">
                            <span className="dot" aria-hidden />
                            Uses the gateway
                          </span>
                        ) : (
                          <span className="badge s-stopped">
                            <span className="dot" aria-hidden />
                            Not connected
                          </span>
                        )}
                        {c.seen && <span className="tag">seen</span>}
                      </div>
                      {c.files
                        .filter((f) => f.exists || f.connectTarget)
                        .map((f) => (
                          <div key={f.file} className="faint mono" style={{ overflowWrap: 'anywhere' }}>
                            {f.file}
                            {f.problem !== undefined && (
                              <span className="err-text"> — cannot be read: {f.problem.message}</span>
                            )}
                            {f.servers.length > 0 &&
                              ` · ${f.servers.length} server${f.servers.length === 1 ? '' : 's'}`}
                          </div>
                        ))}
                    </div>
                    {c.connected ? (
                      <button className="btn sm" onClick={() => void disconnect(c)}>
                        <Unlink size={13} /> Disconnect
                      </button>
                    ) : (
                      <button className="btn sm" onClick={() => setConnecting(c)}>
                        <Link2 size={13} /> Connect…
                      </button>
                    )}
                    <RestoreClientButton client={c} />
                  </li>
                ))}
              </ul>
            )}
          </section>
          <TokensCard />
          <ProfilesCard />
          <BackupsCard detect={data} />
        </>
      )}
      <ClientsWizard
        open={wizard}
        onOpenChange={(o) => {
          setWizard(o);
          if (!o) {
            load();
            if (setupLink) {
              navigate('#/clients');
            }
          }
        }}
      />
      {connecting !== undefined && (
        <ConnectDialog
          client={connecting}
          onClose={() => setConnecting(undefined)}
          onDone={() => {
            setConnecting(undefined);
            load();
          }}
        />
      )}
    </div>
  );
}
