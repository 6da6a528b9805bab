import * as Dialog from '@radix-ui/react-dialog';
import { AlertTriangle, CheckCircle2, Loader2, Lock, RefreshCw, Wand2, X } from 'lucide-react';
import { type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from 'react';

import {
  type ClientPlanDto,
  type ClientsDetect,
  connectClient,
  importClientServers,
  previewClient,
} from '../../src-shared/api/clients.js';
import { approveServer, updateServer } from '../../src-shared/api/routes.js';
import { listSecrets, setSecret } from '../../src-shared/api/secrets.js';
import { SERVER_NAME_PATTERN, type ServerConfig, serverReferences } from '../../src-shared/config.js';
import { describeError } from '../api/client.js';
import { useEngine } from '../api/context.js';
import { DiffView } from '../components/diff-view.js';
import { ErrorCallout } from '../components/error-callout.js';
import { commandLine } from '../lib/catalog.js';
import {
  type ClientReport,
  loadBackups,
  type MergedServer,
  scanClients,
  useClients,
  visibleClients,
} from '../stores/clients.js';
import { useServers } from '../stores/servers.js';

const STEPS = [
  { id: 'scan', label: 'Scan' },
  { id: 'servers', label: 'Servers' },
  { id: 'clients', label: 'Clients' },
  { id: 'preview', label: 'Preview' },
  { id: 'apply', label: 'Apply' },
  { id: 'done', label: 'Done' },
] as const;
type Step = (typeof STEPS)[number]['id'];

type Preview =
  { state: 'loading' } | { state: 'ready'; plan: ClientPlanDto } | { state: 'error'; error: unknown };
type Outcome =
  | { state: 'waiting' }
  | { state: 'running' }
  | { state: 'ok'; changed: boolean; reloadHint: string }
  | { state: 'error'; error: unknown };
interface ImportOutcome {
  state: 'skipped' | 'running' | 'ok' | 'error';
  added?: string[];
  skipped?: string[];
  error?: unknown;
  /** Secrets moved to the keychain (`${secret:NAME}` references) and those that could not be. */
  kept?: string[];
  /** Imported servers that wait for the person's approval before they run. */
  pending?: string[];
  keepErrors?: Array<{ what: string; error: unknown }>;
}

type SecretStoreInfo = Awaited<ReturnType<typeof fetchStore>>;
async function fetchStore(link: ReturnType<typeof useEngine>) {
  return (await link.api.call(listSecrets)).store;
}

/** A value flagged as a secret that the person chose to keep in the keychain, with the value they pasted. */
interface Keep {
  on: boolean;
  value: string;
}
const keepKey = (id: string, field: string, key: string): string => `${id}\u0000${field}\u0000${key}`;

/** `${secret:NAME}` names allow letters, digits, "-", "_" and "." only. */
function secretName(server: string, key: string): string {
  return `${server}-${key}`
    .replace(/[^A-Za-z0-9_.-]/g, '_')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, 128);
}

/** Servers that can be brought in: readable, and not already served by the gateway. */
function importable(detect: ClientsDetect): MergedServer[] {
  return detect.servers.filter((s) => s.inGateway === undefined);
}

/** A client can be pointed at the gateway when it has a file for the entry that can be read. */
function connectBlocker(c: ClientReport): string | undefined {
  const targets = c.files.filter((f) => f.connectTarget);
  const broken = targets.find((f) => f.problem !== undefined);
  if (broken?.problem !== undefined) {
    const where = broken.problem.line === undefined ? '' : ` at line ${broken.problem.line}`;
    return `${broken.file} cannot be read${where}: ${broken.problem.message}. Fix it by hand; the gateway will not touch it.`;
  }
  if (targets.length === 0) {
    return 'This client has no config file the gateway can write to.';
  }
  return undefined;
}

/**
 * Default choices: every server from a client's own settings, except the later variants of a name
 * in conflict. Servers found only in a project's file (a cloned repository can bring one) are
 * never ticked for the person: they choose each one themselves.
 */
function defaultPicks(detect: ClientsDetect): Record<string, boolean> {
  const later = new Set(detect.conflicts.flatMap((c) => c.ids.slice(1)));
  return Object.fromEntries(importable(detect).map((s) => [s.id, !later.has(s.id) && s.scope === 'user']));
}

function clientNames(detect: ClientsDetect, s: MergedServer): string {
  const byId = new Map(detect.clients.map((c) => [c.id, c.name]));
  return [...new Set(s.sources.map((x) => byId.get(x.client) ?? x.client))].join(', ');
}

/**
 * The first-run path in one dialog: find the AI clients on this computer, bring their servers into
 * the gateway, show exactly what will change in each client's files, then point them at the
 * gateway. Nothing is written before Apply; every file is backed up before it changes.
 */
export function ClientsWizard({
  open,
  onOpenChange,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  // While files are being written the dialog stays open, so every result is seen.
  const [busy, setBusy] = useState(false);
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="overlay" />
        <Dialog.Content
          className="dialog"
          style={{
            width: 'min(820px, calc(100vw - 16px))',
            maxHeight: 'calc(100vh - 16px)',
            padding: 16,
            gap: 12,
          }}
          aria-describedby={undefined}
          onInteractOutside={(e) => e.preventDefault()}
          onEscapeKeyDown={(e) => {
            if (busy) {
              e.preventDefault();
            }
          }}
        >
          {open && <Wizard onClose={() => onOpenChange(false)} onBusy={setBusy} />}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

function Wizard({ onClose, onBusy }: { onClose: () => void; onBusy: (busy: boolean) => void }) {
  const link = useEngine();
  const [step, setStep] = useState<Step>('scan');
  const [detect, setDetect] = useState<ClientsDetect | undefined>(undefined);
  const [scanError, setScanError] = useState<unknown>(undefined);
  const [picked, setPicked] = useState<Record<string, boolean>>({});
  const [names, setNames] = useState<Record<string, string>>({});
  const [chosenClients, setChosenClients] = useState<Record<string, boolean>>({});
  const [removeImported, setRemoveImported] = useState(false);
  const [previews, setPreviews] = useState<Record<string, Preview>>({});
  const [importOutcome, setImportOutcome] = useState<ImportOutcome>({ state: 'skipped' });
  const [outcomes, setOutcomes] = useState<Record<string, Outcome>>({});
  const [keep, setKeep] = useState<Record<string, Keep>>({});
  const [store, setStore] = useState<SecretStoreInfo | undefined>(undefined);
  const heading = useRef<HTMLHeadingElement>(null);
  const gatewayNames = useServers((s) => s.byName);
  const finalDetect = useClients((s) => s.detect);

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
    setChosenClients(
      Object.fromEntries(
        visibleClients(d).map((c) => [c.id, !c.connected && connectBlocker(c) === undefined && c.hasConfig]),
      ),
    );
    setStep('servers');
  }, [link]);

  useEffect(() => {
    void scan();
  }, [scan]);

  useEffect(() => {
    // Older gateways have no secret store: the option is then simply not offered.
    fetchStore(link).then(setStore, () => setStore(undefined));
  }, [link]);

  useEffect(() => {
    heading.current?.focus();
  }, [step]);

  const servers = useMemo(() => (detect === undefined ? [] : importable(detect)), [detect]);
  const chosenServers = servers.filter((s) => picked[s.id] === true);
  const clients = useMemo(() => visibleClients(detect), [detect]);
  const targets = clients.filter((c) => chosenClients[c.id] === true);

  /** Why each chosen server's name cannot be used (empty name, bad characters, taken). */
  const nameProblems = useMemo(() => {
    const problems: Record<string, string> = {};
    const seen = new Map<string, string>();
    for (const s of chosenServers) {
      const n = (names[s.id] ?? s.suggestedName).trim();
      if (!SERVER_NAME_PATTERN.test(n)) {
        problems[s.id] = 'Use letters, digits, "-", "_" or "." (up to 48, starting with a letter or digit).';
      } else if (gatewayNames[n] !== undefined) {
        problems[s.id] = `The gateway already has a server named "${n}": pick another name.`;
      } else if (seen.has(n)) {
        problems[s.id] = `Two chosen servers are both named "${n}": rename one, or import only one of them.`;
      }
      seen.set(n, s.id);
    }
    return problems;
  }, [chosenServers, names, gatewayNames]);

  /** A secret to keep in the store needs its value (the gateway only shows it redacted). */
  const secretProblems = useMemo(() => {
    const problems: Record<string, string> = {};
    for (const s of chosenServers) {
      const missing = s.secrets.find(
        (f) =>
          keep[keepKey(s.id, f.field, f.key)]?.on === true &&
          keep[keepKey(s.id, f.field, f.key)]?.value === '',
      );
      if (missing !== undefined) {
        problems[s.id] =
          `Paste the value of ${missing.key} to keep it in the secret store, or untick that option.`;
      }
    }
    return problems;
  }, [chosenServers, keep]);

  /** The names each client knows the chosen servers by, for removing them from its files. */
  const removalsFor = useCallback(
    (clientId: string): string[] | false =>
      removeImported
        ? [
            ...new Set(
              chosenServers.flatMap((s) => s.sources.filter((x) => x.client === clientId).map((x) => x.name)),
            ),
          ]
        : false,
    [removeImported, chosenServers],
  );

  const loadPreviews = useCallback(async () => {
    setStep('preview');
    setPreviews(Object.fromEntries(targets.map((c) => [c.id, { state: 'loading' } as Preview])));
    await Promise.all(
      targets.map(async (c) => {
        try {
          const plan = await link.api.call(previewClient, {
            params: { id: c.id },
            body: { removeImported: removalsFor(c.id) },
          });
          setPreviews((p) => ({ ...p, [c.id]: { state: 'ready', plan } }));
        } catch (error) {
          setPreviews((p) => ({ ...p, [c.id]: { state: 'error', error } }));
        }
      }),
    );
  }, [link, targets, removalsFor]);

  const connectOne = useCallback(
    async (c: ClientReport): Promise<void> => {
      setOutcomes((o) => ({ ...o, [c.id]: { state: 'running' } }));
      try {
        const r = await link.api.call(connectClient, {
          params: { id: c.id },
          body: { removeImported: removalsFor(c.id) },
        });
        setOutcomes((o) => ({
          ...o,
          [c.id]: { state: 'ok', changed: r.files.some((f) => f.changed), reloadHint: r.reloadHint },
        }));
      } catch (error) {
        setOutcomes((o) => ({ ...o, [c.id]: { state: 'error', error } }));
      }
    },
    [link, removalsFor],
  );

  /**
   * Moves the values the person chose into the secret store, then points the imported server at
   * them with `${secret:NAME}`. Other env/header values are sent back as `[redacted]`, which the
   * gateway reads as "keep the stored value".
   */
  const keepSecrets = useCallback(
    async (added: Array<{ name: string; config: MergedServer['config']; approval?: unknown }>) => {
      const kept: string[] = [];
      const keepErrors: Array<{ what: string; error: unknown }> = [];
      for (const s of chosenServers) {
        const name = (names[s.id] ?? s.suggestedName).trim();
        const a = added.find((x) => x.name === name);
        const chosen = s.secrets.filter(
          (f) => f.field !== 'args' && keep[keepKey(s.id, f.field, f.key)]?.on === true,
        );
        if (a === undefined || chosen.length === 0) {
          continue;
        }
        const patch: Record<string, Record<string, string>> = {};
        for (const f of chosen) {
          const ref = secretName(name, f.key);
          try {
            await link.api.call(setSecret, {
              params: { name: ref },
              body: { value: keep[keepKey(s.id, f.field, f.key)]?.value ?? '' },
            });
            const field = f.field as 'env' | 'headers';
            patch[field] = { ...(patch[field] ?? a.config[field] ?? {}), [f.key]: `\${secret:${ref}}` };
            kept.push(`${f.key} of ${name} (as \${secret:${ref}})`);
          } catch (error) {
            keepErrors.push({ what: `${f.key} of ${name}`, error });
          }
        }
        if (Object.keys(patch).length > 0) {
          try {
            await link.api.call(updateServer, { params: { name }, body: patch });
            // The `${secret:…}` references were made here, by the person: approve exactly those for
            // a server from a client's own settings. One that wants more, or came from a project's
            // file, keeps waiting for its own approval.
            const made = chosen.map((f) => `secret:${secretName(name, f.key)}`);
            if (s.scope === 'user' && a.approval === undefined) {
              await link.api.call(approveServer, { params: { name }, body: { variables: made } });
            }
          } catch (error) {
            keepErrors.push({ what: `${name}'s settings`, error });
          }
        }
      }
      return { kept, keepErrors };
    },
    [link, chosenServers, names, keep],
  );

  const apply = useCallback(async () => {
    setStep('apply');
    setOutcomes(Object.fromEntries(targets.map((c) => [c.id, { state: 'waiting' } as Outcome])));
    if (chosenServers.length > 0) {
      setImportOutcome({ state: 'running' });
      try {
        const rename = Object.fromEntries(
          chosenServers.map((s) => [s.id, (names[s.id] ?? s.suggestedName).trim()]),
        );
        const r = await link.api.call(importClientServers, {
          body: { ids: chosenServers.map((s) => s.id), names: rename },
        });
        const { kept, keepErrors } = await keepSecrets(r.added);
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
    } else {
      setImportOutcome({ state: 'skipped' });
    }
    // One after another: the outcomes appear in order, and two files never race for the disk.
    for (const c of targets) {
      await connectOne(c);
    }
    await Promise.all([scanClients(link), loadBackups(link)]);
  }, [link, targets, chosenServers, names, connectOne, keepSecrets]);

  const applying =
    step === 'apply' &&
    (importOutcome.state === 'running' ||
      Object.values(outcomes).some((o) => o.state === 'running' || o.state === 'waiting'));
  useEffect(() => {
    onBusy(applying);
  }, [applying, onBusy]);
  const stepIndex = STEPS.findIndex((s) => s.id === step);
  const current = STEPS[stepIndex] ?? STEPS[0];

  return (
    <>
      <div className="row" style={{ alignItems: 'flex-start' }}>
        <div style={{ flex: 1, minWidth: 0 }}>
          <Dialog.Title className="row" style={{ gap: 6 }}>
            <Wand2 size={16} aria-hidden /> Set up your AI clients
          </Dialog.Title>
          <StepList index={stepIndex} />
        </div>
        <Dialog.Close asChild>
          <button className="btn ghost icon sm" aria-label="Close" disabled={applying}>
            <X size={15} />
          </button>
        </Dialog.Close>
      </div>
      <h3 ref={heading} tabIndex={-1} style={{ margin: 0, fontSize: 14 }}>
        <span className="sr-only">
          Step {stepIndex + 1} of {STEPS.length}:{' '}
        </span>
        {STEP_TITLES[current.id]}
      </h3>

      {step === 'scan' && (
        <div className="stack" aria-live="polite">
          {scanError === undefined ? (
            <>
              <div className="row muted">
                <Loader2 size={15} className="spin" aria-hidden /> Looking for Claude Desktop, Claude Code,
                Cursor, VS Code, Windsurf, Zed, Codex and more…
              </div>
              <div className="skeleton" style={{ width: '70%' }} />
              <div className="skeleton" style={{ width: '45%' }} />
            </>
          ) : (
            <>
              <ErrorCallout error={scanError} title="Could not look for clients" />
              <div className="actions">
                <button className="btn primary" onClick={() => void scan()}>
                  <RefreshCw size={14} /> Try again
                </button>
              </div>
            </>
          )}
        </div>
      )}

      {step === 'servers' && detect !== undefined && (
        <>
          <ServersStep
            detect={detect}
            servers={servers}
            picked={picked}
            setPicked={setPicked}
            names={names}
            setNames={setNames}
            problems={nameProblems}
            secretProblems={secretProblems}
            keep={keep}
            setKeep={setKeep}
            store={store}
          />
          <Footer>
            <button className="btn" onClick={() => void scan()}>
              <RefreshCw size={14} /> Scan again
            </button>
            <span className="spacer" />
            <button
              className="btn primary"
              disabled={Object.keys(nameProblems).length > 0 || Object.keys(secretProblems).length > 0}
              onClick={() => setStep('clients')}
            >
              {chosenServers.length === 0 ? 'Skip import' : `Next: import ${chosenServers.length}`}
            </button>
          </Footer>
        </>
      )}

      {step === 'clients' && detect !== undefined && (
        <>
          <ClientsStep
            clients={clients}
            chosen={chosenClients}
            setChosen={setChosenClients}
            removeImported={removeImported}
            setRemoveImported={setRemoveImported}
            importing={chosenServers.length}
          />
          <Footer>
            <button className="btn" onClick={() => setStep('servers')}>
              Back
            </button>
            <span className="spacer" />
            <button
              className="btn primary"
              disabled={targets.length === 0 && chosenServers.length === 0}
              onClick={() => void loadPreviews()}
            >
              Preview changes
            </button>
          </Footer>
        </>
      )}

      {step === 'preview' && (
        <>
          <PreviewStep
            targets={targets}
            previews={previews}
            serverCount={chosenServers.length}
            names={chosenServers.map((s) => (names[s.id] ?? s.suggestedName).trim())}
          />
          <Footer>
            <button className="btn" onClick={() => setStep('clients')}>
              Back
            </button>
            <span className="spacer" />
            <button
              className="btn primary"
              disabled={Object.values(previews).some((p) => p.state === 'loading')}
              onClick={() => void apply()}
            >
              Apply
            </button>
          </Footer>
        </>
      )}

      {step === 'apply' && (
        <>
          <ApplyStep
            targets={targets}
            importOutcome={importOutcome}
            outcomes={outcomes}
            onRetry={(c) => void connectOne(c)}
          />
          <Footer>
            <span className="spacer" />
            <button
              className="btn primary"
              disabled={applying}
              onClick={() => {
                // Scan again: a client restarted meanwhile shows as seen.
                void scanClients(link);
                setStep('done');
              }}
            >
              Next
            </button>
          </Footer>
        </>
      )}

      {step === 'done' && (
        <>
          <DoneStep detect={finalDetect ?? detect} targets={targets} outcomes={outcomes} />
          <Footer>
            <button className="btn" onClick={() => void scan()}>
              Start over
            </button>
            <span className="spacer" />
            <button className="btn primary" onClick={onClose}>
              Finish
            </button>
          </Footer>
        </>
      )}
    </>
  );
}

const STEP_TITLES: Record<Step, string> = {
  scan: 'Looking for AI clients on this computer',
  servers: 'Choose the servers to bring into the gateway',
  clients: 'Choose the clients to point at the gateway',
  preview: 'Review the changes to each file',
  apply: 'Applying',
  done: 'Your clients',
};

function StepList({ index }: { index: number }) {
  return (
    <ol
      aria-label="Steps"
      className="row wrap"
      style={{ listStyle: 'none', margin: '6px 0 0', padding: 0, gap: 4, fontSize: 12 }}
    >
      {STEPS.map((s, i) => (
        <li
          key={s.id}
          aria-current={i === index ? 'step' : undefined}
          className="row"
          style={{
            gap: 4,
            color: i === index ? 'var(--accent)' : i < index ? 'var(--text-2)' : 'var(--text-3)',
            fontWeight: i === index ? 600 : 400,
          }}
        >
          <span
            aria-hidden
            style={{
              display: 'inline-grid',
              placeItems: 'center',
              width: 18,
              height: 18,
              borderRadius: 999,
              fontSize: 11,
              background:
                i === index ? 'var(--accent)' : i < index ? 'var(--accent-soft)' : 'var(--bg-sunken)',
              color: i === index ? 'var(--accent-text)' : 'inherit',
            }}
          >
            {i < index ? '✓' : i + 1}
          </span>
          {s.label}
          {i < STEPS.length - 1 && (
            <span aria-hidden style={{ color: 'var(--text-3)', margin: '0 2px' }}>
              ›
            </span>
          )}
        </li>
      ))}
    </ol>
  );
}

function Footer({ children }: { children: ReactNode }) {
  return (
    <div
      className="row"
      style={{
        position: 'sticky',
        bottom: -16,
        background: 'var(--bg-elev)',
        padding: '10px 0 0',
        borderTop: '1px solid var(--border)',
        marginBottom: -4,
      }}
    >
      {children}
    </div>
  );
}

function ServersStep(props: {
  detect: ClientsDetect;
  servers: MergedServer[];
  picked: Record<string, boolean>;
  setPicked: (p: Record<string, boolean>) => void;
  names: Record<string, string>;
  setNames: (n: Record<string, string>) => void;
  problems: Record<string, string>;
  secretProblems: Record<string, string>;
  keep: Record<string, Keep>;
  setKeep: (k: Record<string, Keep>) => void;
  store: SecretStoreInfo | undefined;
}) {
  const { detect, servers, picked, names, problems, keep, store } = props;
  const already = detect.servers.filter((s) => s.inGateway !== undefined);
  const conflictOf = new Map(detect.conflicts.flatMap((c) => c.ids.map((id) => [id, c.name] as const)));
  const unreadable = visibleClients(detect).flatMap((c) =>
    c.files.filter((f) => f.problem !== undefined).map((f) => ({ client: c.name, file: f })),
  );
  const skipped = detect.clients.flatMap((c) =>
    c.files.flatMap((f) =>
      f.servers.filter((s) => s.skipped !== undefined).map((s) => ({ client: c.name, s })),
    ),
  );
  const anySecrets = servers.some((s) => picked[s.id] === true && s.secrets.length > 0);
  // "Choose all" covers clients' own settings; project-file servers are ticked one by one.
  const own = servers.filter((s) => s.scope === 'user');
  const all = own.length > 0 && own.every((s) => picked[s.id] === true);
  const some = servers.some((s) => picked[s.id] === true);
  return (
    <div className="stack" style={{ gap: 10 }}>
      {unreadable.map(({ client, file }) => (
        <div className="callout warn" key={file.file} role="note">
          <AlertTriangle size={16} aria-hidden />
          <div>
            <div className="title">
              {client}: {file.file} cannot be read
              {file.problem?.line === undefined
                ? ''
                : ` (line ${file.problem.line}${file.problem.column === undefined ? '' : `, column ${file.problem.column}`})`}
            </div>
            <div>
              {file.problem?.message}. Its servers are not listed, and the gateway will not write to it. Fix
              it by hand, then scan again.
            </div>
          </div>
        </div>
      ))}
      {servers.length === 0 ? (
        <div className="card card-pad muted">
          {detect.servers.length === 0
            ? 'No client on this computer has MCP servers configured yet. You can still point clients at the gateway in the next step.'
            : 'Every server your clients use is already in the gateway.'}
        </div>
      ) : (
        <div className="card table-wrap">
          <table className="table" aria-label="Servers found in your clients">
            <thead>
              <tr>
                <th style={{ width: 32 }}>
                  <input
                    type="checkbox"
                    aria-label="Choose all servers from clients' own settings"
                    ref={(el) => {
                      if (el !== null) {
                        el.indeterminate = some && !all;
                      }
                    }}
                    checked={all}
                    onChange={(e) =>
                      props.setPicked({
                        ...picked,
                        ...Object.fromEntries(own.map((s) => [s.id, e.target.checked])),
                      })
                    }
                  />
                </th>
                <th>Server, as it will be named in the gateway</th>
              </tr>
            </thead>
            <tbody>
              {servers.map((s) => {
                const conflict = conflictOf.get(s.id);
                const problem = picked[s.id] === true ? problems[s.id] : undefined;
                return (
                  <tr key={s.id} data-testid="found-server">
                    <td>
                      <input
                        type="checkbox"
                        id={`pick-${s.id}`}
                        aria-label={`Import ${s.suggestedName}${conflict === undefined ? '' : ` (from ${clientNames(detect, s)})`}`}
                        checked={picked[s.id] === true}
                        onChange={(e) => props.setPicked({ ...picked, [s.id]: e.target.checked })}
                      />
                    </td>
                    <td style={{ minWidth: 0 }}>
                      <div className="row wrap" style={{ gap: 6 }}>
                        <input
                          className="input mono"
                          style={{ width: 180, height: 26 }}
                          aria-label={`Name in the gateway for ${s.suggestedName}${conflict === undefined ? '' : ` from ${clientNames(detect, s)}`}`}
                          aria-invalid={problem !== undefined}
                          value={names[s.id] ?? s.suggestedName}
                          onChange={(e) => props.setNames({ ...names, [s.id]: e.target.value })}
                        />
                        {conflict !== undefined && (
                          <span
                            className="tag bad"
                            title="Clients define a server with this name differently"
                          >
                            conflict: differs between clients
                          </span>
                        )}
                        {s.variants > 1 && <span className="tag">{s.variants} variants, first used</span>}
                        {s.sources.length > 1 && conflict === undefined && (
                          <span className="tag ok">same in {s.sources.length} places</span>
                        )}
                        {s.scope !== 'user' && (
                          <span
                            className="tag bad"
                            data-testid="project-scope"
                            title="Found only in a project's file"
                          >
                            project {s.project ?? ''}
                          </span>
                        )}
                      </div>
                      <WantedVariables config={s.config} />
                      {s.scope !== 'user' && (
                        <div className="help" style={{ marginTop: 3 }}>
                          Only in a project&apos;s file, which can come with any repository you clone: not
                          chosen unless you tick it, and it waits for your approval (on its page) before it
                          runs.
                        </div>
                      )}
                      <div
                        className="mono faint"
                        style={{ overflowWrap: 'anywhere', marginTop: 3, fontSize: 12 }}
                      >
                        {commandLine(s.config as Parameters<typeof commandLine>[0])}
                      </div>
                      {s.secrets.length > 0 && (
                        <div className="stack" style={{ gap: 4, marginTop: 4 }}>
                          {s.secrets.map((f) => {
                            const k = keepKey(s.id, f.field, f.key);
                            const on = keep[k]?.on === true;
                            const canKeep =
                              store?.available === true && f.field !== 'args' && picked[s.id] === true;
                            return (
                              <div key={`${f.field}:${f.key}`} className="row wrap" style={{ gap: 6 }}>
                                <span
                                  className="tag"
                                  title={
                                    f.reason === 'name'
                                      ? 'The name looks like a secret'
                                      : 'The value looks like a token'
                                  }
                                >
                                  <Lock size={11} aria-label="secret" />{' '}
                                  {f.field === 'env' ? '' : `${f.field} `}
                                  {f.key}
                                </span>
                                {canKeep && (
                                  <label className="checkbox" style={{ fontSize: 12 }}>
                                    <input
                                      type="checkbox"
                                      checked={on}
                                      onChange={(e) =>
                                        props.setKeep({
                                          ...keep,
                                          [k]: { on: e.target.checked, value: keep[k]?.value ?? '' },
                                        })
                                      }
                                    />
                                    Keep {f.key} of {s.suggestedName} in the{' '}
                                    {store.kind === 'keychain' ? 'keychain' : 'secret store'}
                                  </label>
                                )}
                                {canKeep && on && (
                                  <input
                                    className="input mono"
                                    type="password"
                                    autoComplete="off"
                                    style={{ width: 220, height: 26 }}
                                    aria-label={`Value of ${f.key} for ${s.suggestedName}`}
                                    placeholder={`paste the value of ${f.key}`}
                                    value={keep[k]?.value ?? ''}
                                    onChange={(e) =>
                                      props.setKeep({ ...keep, [k]: { on: true, value: e.target.value } })
                                    }
                                  />
                                )}
                              </div>
                            );
                          })}
                        </div>
                      )}
                      {s.notes.map((n) => (
                        <div className="help" key={n}>
                          {n}
                        </div>
                      ))}
                      {problem !== undefined && <div className="err-text">{problem}</div>}
                      {picked[s.id] === true && props.secretProblems[s.id] !== undefined && (
                        <div className="err-text">{props.secretProblems[s.id]}</div>
                      )}
                      <div className="faint" style={{ fontSize: 12 }}>
                        from {clientNames(detect, s)}
                      </div>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {anySecrets && (
        <div className="callout info" role="note">
          <Lock size={16} aria-hidden />
          <div className="help" style={{ marginTop: 0 }}>
            Values marked with a lock look like secrets. The gateway never shows them here; unless you choose
            otherwise they are imported as they are, into its config file (readable by you only).{' '}
            {store?.available === true ? (
              <>
                To keep one in the {store.kind === 'keychain' ? 'system keychain' : 'secret store'} instead,
                tick it and paste its value once (it is in the client&apos;s file): the config then holds{' '}
                <span className="mono">{'${secret:NAME}'}</span>.
              </>
            ) : (
              <>
                {store?.reason ?? 'There is no secret store here.'} Later you can run{' '}
                <span className="mono">mcp-gateway secrets set NAME</span> and use{' '}
                <span className="mono">{'${secret:NAME}'}</span> as the value.
              </>
            )}
          </div>
        </div>
      )}
      {already.length > 0 && (
        <div className="help">
          Already in the gateway:{' '}
          {already
            .map((s) => `${s.suggestedName}${s.inGateway === s.suggestedName ? '' : ` (as ${s.inGateway})`}`)
            .join(', ')}
          .
        </div>
      )}
      {skipped.length > 0 && (
        <details className="help">
          <summary>
            {skipped.length} entr{skipped.length === 1 ? 'y' : 'ies'} cannot be imported
          </summary>
          <ul style={{ margin: '4px 0 0', paddingLeft: 18 }}>
            {skipped.map(({ client, s }) => (
              <li key={`${client}:${s.location}:${s.name}`}>
                {client} · {s.name}: {s.skipped}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

/** The `${VAR}` / `${secret:NAME}` references an entry wants: none expands before it is approved. */
function WantedVariables({ config }: { config: MergedServer['config'] }) {
  const refs = serverReferences(config as ServerConfig);
  if (refs.length === 0) {
    return null;
  }
  return (
    <div className="help" style={{ marginTop: 3 }} data-testid="wanted-variables">
      Wants {refs.map((r) => '${' + r + '}').join(', ')} expanded: nothing from your environment or keychain
      goes into it until you approve that on its page.
    </div>
  );
}

function ClientsStep(props: {
  clients: ClientReport[];
  chosen: Record<string, boolean>;
  setChosen: (c: Record<string, boolean>) => void;
  removeImported: boolean;
  setRemoveImported: (v: boolean) => void;
  importing: number;
}) {
  const { clients, chosen } = props;
  if (clients.length === 0) {
    return (
      <div className="card card-pad muted">
        No AI client was found on this computer. Install Claude Desktop, Cursor, VS Code or another MCP
        client, then scan again.
      </div>
    );
  }
  return (
    <div className="stack" style={{ gap: 10 }}>
      <ul
        className="card list"
        aria-label="Clients to connect"
        style={{ listStyle: 'none', margin: 0, padding: 0 }}
      >
        {clients.map((c) => {
          const blocker = connectBlocker(c);
          const file =
            c.files.find((f) => f.connectTarget && f.exists) ?? c.files.find((f) => f.connectTarget);
          return (
            <li key={c.id} style={{ padding: '10px 12px', borderBottom: '1px solid var(--border)' }}>
              <label
                className="row"
                style={{ alignItems: 'flex-start', cursor: blocker === undefined ? 'pointer' : 'default' }}
              >
                <input
                  type="checkbox"
                  style={{ marginTop: 3 }}
                  checked={chosen[c.id] === true}
                  disabled={blocker !== undefined}
                  onChange={(e) => props.setChosen({ ...chosen, [c.id]: e.target.checked })}
                  aria-describedby={`client-${c.id}-desc`}
                />
                <span style={{ flex: 1, minWidth: 0 }}>
                  <span className="row wrap" style={{ gap: 6 }}>
                    <b>{c.name}</b>
                    {c.connected && <span className="tag ok">already connected</span>}
                    {!c.installed && c.hasConfig && <span className="tag">config only</span>}
                  </span>
                  <span
                    id={`client-${c.id}-desc`}
                    className={blocker === undefined ? 'mono faint' : 'err-text'}
                    style={{ display: 'block', fontSize: 12, overflowWrap: 'anywhere' }}
                  >
                    {blocker ??
                      (file === undefined ? '' : `${file.file}${file.exists ? '' : ' (will be created)'}`)}
                  </span>
                  {blocker !== undefined && <span className="sr-only">Cannot be connected.</span>}
                </span>
              </label>
            </li>
          );
        })}
      </ul>
      <label className="checkbox" style={{ alignItems: 'flex-start' }}>
        <input
          type="checkbox"
          style={{ marginTop: 3 }}
          checked={props.removeImported}
          onChange={(e) => props.setRemoveImported(e.target.checked)}
        />
        <span>
          Remove the imported servers from these clients
          <span className="help" style={{ display: 'block' }}>
            {props.importing === 0
              ? 'No servers are being imported, so nothing would be removed.'
              : 'They then run once, in the gateway, instead of once per client. Restore puts them back.'}
          </span>
        </span>
      </label>
      <div className="help">
        Every file is backed up before it changes. Restore from the client list at any time puts back the
        original, byte for byte.
      </div>
    </div>
  );
}

function PreviewStep({
  targets,
  previews,
  serverCount,
  names,
}: {
  targets: ClientReport[];
  previews: Record<string, Preview>;
  serverCount: number;
  names: string[];
}) {
  return (
    <div className="stack" style={{ gap: 12 }}>
      <div className="muted">
        {serverCount > 0
          ? `Import ${serverCount} server${serverCount === 1 ? '' : 's'} into the gateway: ${names.join(', ')}.`
          : 'No servers will be imported.'}{' '}
        {targets.length > 0
          ? 'Then these files change. Nothing is written until you press Apply.'
          : 'No client will be changed.'}
      </div>
      {targets.map((c) => {
        const p = previews[c.id] ?? { state: 'loading' };
        return (
          <section key={c.id} className="stack" style={{ gap: 6 }} aria-label={`${c.name} changes`}>
            <h4 style={{ margin: 0, fontSize: 13 }}>{c.name}</h4>
            {p.state === 'loading' && <div className="skeleton" style={{ width: '60%' }} />}
            {p.state === 'error' && <ClientError client={c} error={p.error} action="previewed" />}
            {p.state === 'ready' && (
              <>
                {p.plan.files.map((f) => (
                  <DiffView key={f.file} file={f.file} diff={f.diff} changed={f.changed} exists={f.exists} />
                ))}
                {p.plan.warnings.map((w) => (
                  <div className="callout warn" key={w}>
                    <AlertTriangle size={16} aria-hidden />
                    <div>{w}</div>
                  </div>
                ))}
              </>
            )}
          </section>
        );
      })}
    </div>
  );
}

/** An error said in terms of the client and its file, and whether anything was written. */
function ClientError({
  client,
  error,
  action,
  onRetry,
}: {
  client: ClientReport;
  error: unknown;
  action: string;
  onRetry?: () => void;
}) {
  const d = describeError(error);
  let title = `${client.name} could not be ${action}`;
  let help = d.help;
  if (d.code === 'CLIENT_CONFIG_UNPARSEABLE') {
    title = `${client.name}'s config file cannot be read: nothing was written`;
    help = 'Fix the file at the line shown (or remove it), then try again.';
  } else if (d.code === 'CLIENT_CONFIG_CHANGED') {
    title = `${client.name}'s config file changed while we worked on it: nothing was overwritten`;
    help =
      'Another program (often the client itself) wrote the file just now. Try again: the change is planned afresh from the new file.';
  }
  return (
    <div className="callout error" role="alert">
      <AlertTriangle size={16} aria-hidden />
      <div style={{ flex: 1, minWidth: 0 }}>
        <div className="title">{title}</div>
        <div style={{ overflowWrap: 'anywhere' }}>{d.message}</div>
        {help !== undefined && <div className="help">{help}</div>}
        {onRetry !== undefined && (
          <button className="btn sm" style={{ marginTop: 6 }} onClick={onRetry}>
            <RefreshCw size={13} /> Try again
          </button>
        )}
      </div>
    </div>
  );
}

function ApplyStep(props: {
  targets: ClientReport[];
  importOutcome: ImportOutcome;
  outcomes: Record<string, Outcome>;
  onRetry: (c: ClientReport) => void;
}) {
  const { importOutcome, outcomes } = props;
  return (
    <ul
      className="card list"
      aria-label="Results"
      aria-live="polite"
      style={{ listStyle: 'none', margin: 0, padding: 0 }}
    >
      {importOutcome.state !== 'skipped' && (
        <li style={{ padding: '10px 12px', borderBottom: '1px solid var(--border)' }} aria-label="Import">
          <ResultLine
            state={
              importOutcome.state === 'ok' ? 'ok' : importOutcome.state === 'error' ? 'error' : 'running'
            }
          >
            {importOutcome.state === 'running' && 'Importing servers…'}
            {importOutcome.state === 'ok' &&
              (importOutcome.added !== undefined && importOutcome.added.length > 0
                ? `Imported ${importOutcome.added.join(', ')}${importOutcome.added.every((a) => importOutcome.pending?.includes(a) === true) ? '' : ': starting in the gateway'}`
                : 'No server was imported')}
            {importOutcome.state === 'error' && 'The servers were not imported'}
          </ResultLine>
          {importOutcome.skipped !== undefined && importOutcome.skipped.length > 0 && (
            <div className="help">Skipped: {importOutcome.skipped.join('; ')}</div>
          )}
          {importOutcome.pending !== undefined && importOutcome.pending.length > 0 && (
            <div className="help" data-testid="import-pending">
              Waiting for your approval before they run: {importOutcome.pending.join(', ')}. Open each in
              Servers to see what it runs and approve it.
            </div>
          )}
          {importOutcome.kept !== undefined && importOutcome.kept.length > 0 && (
            <div className="help">
              <Lock size={11} aria-hidden /> Kept in the secret store: {importOutcome.kept.join('; ')}
            </div>
          )}
          {importOutcome.keepErrors?.map((k) => (
            <ErrorCallout
              key={k.what}
              error={k.error}
              title={`${k.what} stays in the config file: it could not be moved to the secret store`}
            />
          ))}
          {importOutcome.state === 'error' && <ErrorCallout error={importOutcome.error} />}
        </li>
      )}
      {props.targets.map((c) => {
        const o = outcomes[c.id] ?? { state: 'waiting' };
        return (
          <li
            key={c.id}
            style={{ padding: '10px 12px', borderBottom: '1px solid var(--border)' }}
            aria-label={c.name}
            data-testid="apply-result"
          >
            <ResultLine state={o.state === 'waiting' ? 'waiting' : o.state}>
              {o.state === 'waiting' && `${c.name}: waiting`}
              {o.state === 'running' && `${c.name}: connecting…`}
              {o.state === 'ok' &&
                (o.changed ? `${c.name} now uses the gateway` : `${c.name} already used the gateway`)}
              {o.state === 'error' && `${c.name} was not connected`}
            </ResultLine>
            {o.state === 'ok' && <div className="help">{o.reloadHint}</div>}
            {o.state === 'error' && (
              <ClientError client={c} error={o.error} action="connected" onRetry={() => props.onRetry(c)} />
            )}
          </li>
        );
      })}
    </ul>
  );
}

function ResultLine({
  state,
  children,
}: {
  state: 'waiting' | 'running' | 'ok' | 'error';
  children: ReactNode;
}) {
  return (
    <div className="row" style={{ gap: 8 }}>
      {state === 'running' && (
        <Loader2 size={15} className="spin" aria-hidden style={{ color: 'var(--blue)' }} />
      )}
      {state === 'waiting' && (
        <span className="dot" aria-hidden style={{ color: 'var(--grey)', margin: '0 3px' }} />
      )}
      {state === 'ok' && <CheckCircle2 size={15} aria-hidden style={{ color: 'var(--green)' }} />}
      {state === 'error' && <AlertTriangle size={15} aria-hidden style={{ color: 'var(--red)' }} />}
      <span style={{ fontWeight: 500 }}>{children}</span>
    </div>
  );
}

function DoneStep({
  detect,
  targets,
  outcomes,
}: {
  detect: ClientsDetect | undefined;
  targets: ClientReport[];
  outcomes: Record<string, Outcome>;
}) {
  const shown = visibleClients(detect);
  return (
    <div className="stack" style={{ gap: 10 }}>
      <ul
        className="card list"
        aria-label="Client status"
        style={{ listStyle: 'none', margin: 0, padding: 0 }}
      >
        {shown.map((c) => {
          const o = outcomes[c.id];
          const wasTarget = targets.some((t) => t.id === c.id);
          return (
            <li
              key={c.id}
              className="row wrap"
              style={{ padding: '10px 12px', borderBottom: '1px solid var(--border)', gap: 8 }}
              aria-label={c.name}
            >
              <b style={{ flex: 1, minWidth: 120 }}>{c.name}</b>
              {c.connected ? (
                <span className="badge s-running">
                  <span className="dot" aria-hidden /> Uses the gateway
                </span>
              ) : (
                <span className="badge s-stopped">
                  <span className="dot" aria-hidden /> Not connected
                </span>
              )}
              {c.seen ? (
                <span className="tag ok">seen connecting</span>
              ) : (
                c.connected && <span className="tag">not seen yet</span>
              )}
              {wasTarget && o?.state === 'ok' && (
                <div className="help" style={{ flexBasis: '100%' }}>
                  {c.reloadHint}
                </div>
              )}
              {wasTarget && o?.state === 'error' && (
                <div className="err-text" style={{ flexBasis: '100%' }}>
                  Not connected: {describeError(o.error).message}
                </div>
              )}
            </li>
          );
        })}
      </ul>
      <div className="help">
        &ldquo;Seen connecting&rdquo; appears once a client has started and talked to the gateway. Changed
        your mind? Restore in the client list puts each file back exactly as it was.
      </div>
    </div>
  );
}
