import * as Tabs from '@radix-ui/react-tabs';
import {
  AlertTriangle,
  ArrowLeft,
  ChevronDown,
  ChevronRight,
  Moon,
  Pencil,
  RotateCcw,
  ShieldOff,
  Sun,
  Wrench,
} from 'lucide-react';
import { Fragment, useEffect, useMemo, useState } from 'react';

import { previewContext } from '../../src-shared/api/context.js';
import * as routes from '../../src-shared/api/routes.js';
import type { ServerDetail } from '../../src-shared/api/schemas.js';
import { ServerConfigSchema, type ToolControls } from '../../src-shared/config.js';
import { formatMiB } from '../../src-shared/states.js';
import { serverAction, setToolEnabled } from '../api/actions.js';
import { describeError } from '../api/client.js';
import { useEngine } from '../api/context.js';
import { CopyButton } from '../components/copy-button.js';
import { EmptyState } from '../components/empty-state.js';
import { ErrorCallout } from '../components/error-callout.js';
import { Field } from '../components/field.js';
import { ServerActions } from '../components/server-actions.js';
import { SignInButton } from '../components/sign-in-button.js';
import { STATE_LABEL, StateBadge } from '../components/state-badge.js';
import { Switch } from '../components/switch.js';
import { toast, toastError } from '../components/toaster.js';
import { commandLine } from '../lib/catalog.js';
import { formatDuration, formatSpan, formatTime, formatTokens } from '../lib/format.js';
import { navigate } from '../lib/router.js';
import { useNow } from '../lib/use-now.js';
import { useCalls } from '../stores/calls.js';
import { setServerDetail, type StateChange, upsertSummary, useServers } from '../stores/servers.js';
import { useTools } from '../stores/tools.js';
import { LogPanel } from './log-panel.js';
import { FindingTag, ReviewNotice, ToolReview, useServerFindings } from './tool-review.js';
import { ToolRunner } from './tool-runner.js';

const NO_HISTORY: StateChange[] = [];

function ConfigEditor({ detail, onClose }: { detail: ServerDetail; onClose: () => void }) {
  const link = useEngine();
  const [text, setText] = useState(() => JSON.stringify(detail.config, null, 2));
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const [apiError, setApiError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const save = async (): Promise<void> => {
    let next: unknown;
    try {
      next = JSON.parse(text);
    } catch (err) {
      setProblem(`Not valid JSON: ${(err as Error).message}`);
      return;
    }
    const r = ServerConfigSchema.safeParse(next);
    if (!r.success) {
      setProblem(
        r.error.issues
          .map((i) => `${i.path.length > 0 ? `${i.path.join('.')}: ` : ''}${i.message}`)
          .join('; '),
      );
      return;
    }
    setProblem(undefined);
    // Fields left out are removed (null); "[redacted]" values keep the stored secret.
    const body: Record<string, unknown> = { ...(next as Record<string, unknown>) };
    for (const k of Object.keys(detail.config)) {
      if (!(k in body)) {
        body[k] = null;
      }
    }
    setBusy(true);
    try {
      const d = await link.api.call(routes.updateServer, { params: { name: detail.name }, body });
      setServerDetail(d, Date.now());
      toast({
        kind: 'success',
        title: `Saved ${detail.name}`,
        description: 'It restarts with the new config.',
      });
      onClose();
    } catch (err) {
      setApiError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="stack" style={{ gap: 10 }}>
      <textarea
        className="textarea"
        rows={Math.min(18, text.split('\n').length + 2)}
        spellCheck={false}
        aria-label="Server config (JSON)"
        value={text}
        onChange={(e) => setText(e.target.value)}
        aria-invalid={problem !== undefined}
      />
      <span className="help">
        Values shown as [redacted] keep the stored secret. Use ${'{'}VAR{'}'} or ${'{'}secret:NAME{'}'} to
        reference a value instead of pasting it.
      </span>
      {problem !== undefined && (
        <span className="err-text" role="alert">
          {problem}
        </span>
      )}
      {apiError !== undefined && <ErrorCallout error={apiError} title="The change was not saved" />}
      <div className="row">
        <button className="btn primary" disabled={busy} onClick={() => void save()}>
          {busy ? 'Saving…' : 'Save and restart'}
        </button>
        <button className="btn ghost" onClick={onClose}>
          Cancel
        </button>
      </div>
    </div>
  );
}

function ConfigCard({ detail }: { detail: ServerDetail | undefined }) {
  const [editing, setEditing] = useState(false);
  if (detail === undefined) {
    return (
      <div className="card card-pad stack">
        <div className="skeleton" style={{ width: '50%' }} />
        <div className="skeleton" style={{ width: '80%' }} />
      </div>
    );
  }
  const text = JSON.stringify({ [detail.name]: detail.config }, null, 2);
  return (
    <section className="card" aria-labelledby="cfg-h">
      <div className="card-head">
        <h2 id="cfg-h">Config</h2>
        <span className="faint hide-compact">secrets are hidden</span>
        {!editing && (
          <button className="btn sm" onClick={() => setEditing(true)}>
            <Pencil size={13} /> Edit
          </button>
        )}
      </div>
      <div className="card-pad">
        {editing ? (
          <ConfigEditor detail={detail} onClose={() => setEditing(false)} />
        ) : (
          <div className="code wrap">
            {text}
            <span className="copy-corner">
              <CopyButton text={text} label="Copy config" />
            </span>
          </div>
        )}
      </div>
    </section>
  );
}

function StatusCard({ name, detail }: { name: string; detail: ServerDetail | undefined }) {
  const row = useServers((s) => s.byName[name]);
  const now = useNow(1000);
  const link = useEngine();
  if (row === undefined) {
    return null;
  }
  return (
    <section className="card" aria-labelledby="status-h">
      <div className="card-head">
        <h2 id="status-h">Status</h2>
        {row.state === 'error' && (
          <button className="btn sm" onClick={() => void serverAction(link, name, 'reset')}>
            <ShieldOff size={13} /> Reset circuit
          </button>
        )}
        {row.state === 'sleeping' && (
          <button className="btn sm" onClick={() => void serverAction(link, name, 'wake')}>
            <Sun size={13} /> Wake
          </button>
        )}
        {row.state === 'running' && row.transport === 'stdio' && (row.sleepBlockers ?? []).length === 0 && (
          <button className="btn sm" onClick={() => void serverAction(link, name, 'sleep')}>
            <Moon size={13} /> Sleep now
          </button>
        )}
        <SignInButton server={row} withSignOut />
        <button
          className="btn sm"
          disabled={row.disabled}
          onClick={() => void serverAction(link, name, 'restart')}
        >
          <RotateCcw size={13} /> Restart
        </button>
      </div>
      <dl className="kv card-pad" style={{ margin: 0 }}>
        <dt>State</dt>
        <dd>
          <StateBadge state={row.state} />{' '}
          <span className="muted" data-testid="state-reason">
            {row.reason}
          </span>
        </dd>
        {row.signIn !== undefined && (
          <>
            <dt>Sign-in</dt>
            <dd data-testid="sign-in-status">
              {row.signIn.pending
                ? 'waiting for the browser to come back'
                : row.signIn.signedIn
                  ? `signed in${row.signIn.issuer !== undefined ? ` at ${row.signIn.issuer}` : ''}${row.signIn.scope !== undefined ? ` · ${row.signIn.scope}` : ''}`
                  : 'not signed in'}
              {row.signIn.grant === 'client_credentials' && ' · machine account (client credentials)'}
              {row.signIn.grant === 'jwt_bearer' && ' · workload identity (JWT bearer)'}
              {row.signIn.grant === 'enterprise' && " · enterprise-managed (your identity provider's ID-JAG)"}
              {row.signIn.signedIn && row.signIn.dpop === true && ' · DPoP-bound token (key in the keychain)'}
              {row.signIn.lastError !== undefined && !row.signIn.signedIn && (
                <span style={{ color: 'var(--red)' }}> · {row.signIn.lastError}</span>
              )}
            </dd>
          </>
        )}
        {row.lastError !== undefined &&
          // Kept after the server recovers (it says why the last start failed): muted then, so a
          // running server does not look broken.
          (row.state === 'running' || row.state === 'sleeping' ? (
            <>
              <dt>Earlier error</dt>
              <dd className="muted">{row.lastError}</dd>
            </>
          ) : (
            <>
              <dt>Last error</dt>
              <dd style={{ color: 'var(--red)' }}>{row.lastError}</dd>
            </>
          ))}
        {row.state === 'restarting' && row.nextAttemptAt !== undefined && (
          <>
            <dt>Next attempt</dt>
            <dd>{row.nextAttemptAt > now ? `in ${formatSpan(row.nextAttemptAt - now)}` : 'now'}</dd>
          </>
        )}
        <dt>Uptime</dt>
        <dd>{row.upSince !== undefined ? formatSpan(now - row.upSince) : '—'}</dd>
        {row.footprintBytes !== undefined && (
          <>
            <dt>{row.state === 'sleeping' ? 'Memory saved' : 'Memory'}</dt>
            <dd data-testid="memory">
              {formatMiB(row.footprintBytes)}
              <span className="faint">
                {' '}
                {row.state === 'sleeping' ? '(its process tree when it last ran)' : '(process tree)'}
              </span>
            </dd>
          </>
        )}
        <dt>Sleep</dt>
        <dd data-testid="sleep-policy">{sleepPolicy(row)}</dd>
        <dt>Restarts</dt>
        <dd>
          {row.restarts}
          {row.failures > 0 ? ` · ${row.failures} recent failures` : ''}
        </dd>
        <dt>Transport</dt>
        <dd>
          {row.transport}
          {row.protocolVersion !== undefined ? ` · protocol ${row.protocolVersion}` : ''}
          {row.pid !== undefined ? ` · pid ${row.pid}` : ''}
        </dd>
        {(detail?.serverName ?? row.serverName) !== undefined && (
          <>
            <dt>Reports as</dt>
            <dd>
              {row.serverName} {row.serverVersion ?? ''}
            </dd>
          </>
        )}
        {(detail?.protocolWarnings ?? []).length > 0 && (
          <>
            <dt>Protocol warnings</dt>
            <dd data-testid="protocol-warnings">
              {(detail?.protocolWarnings ?? []).map((w) => (
                <div key={w} style={{ color: 'var(--amber)' }}>
                  {w}
                </div>
              ))}
              <div className="faint">The gateway works around these; tell the server's authors.</div>
            </dd>
          </>
        )}
        <dt>Tools</dt>
        <dd>
          {row.visibleTools} of {row.tools} visible · {formatTokens(row.tokens)} tokens
        </dd>
      </dl>
    </section>
  );
}

function HistoryList({ name }: { name: string }) {
  const history = useServers((s) => s.history[name] ?? NO_HISTORY);
  if (history.length === 0) {
    return (
      <div className="card-pad faint">
        No state changes recorded yet. Crashes, restarts and recoveries appear here as they happen.
      </div>
    );
  }
  return (
    <ol className="timeline" aria-label="State history">
      {[...history].reverse().map((h, i) => (
        <li key={`${h.at}-${i}`}>
          <span className="when">{formatTime(h.at)}</span>
          <span className={`mark s-${h.state}`} style={{ background: 'currentColor' }} aria-hidden />
          <span>
            <b>{STATE_LABEL[h.state]}</b>{' '}
            <span className="faint">from {STATE_LABEL[h.previous].toLowerCase()}</span>
            <div className="muted">{h.reason}</div>
          </span>
        </li>
      ))}
    </ol>
  );
}

function ToolsTable({ name, onTry }: { name: string; onTry: (tool: string) => void }) {
  const link = useEngine();
  const all = useTools((s) => s.tools);
  const pending = useTools((s) => s.pending);
  const tools = useMemo(() => all.filter((t) => t.server === name), [all, name]);
  const trust = useServerFindings(name);
  const [open, setOpen] = useState<string | undefined>(undefined);
  if (tools.length === 0) {
    return (
      <EmptyState icon={Wrench} title="No tools">
        The tools appear once the server is running and has listed them.
      </EmptyState>
    );
  }
  return (
    <div className="table-wrap">
      <table className="table" aria-label={`Tools of ${name}`}>
        <thead>
          <tr>
            <th style={{ width: 44 }}>On</th>
            <th>Tool</th>
            <th className="num">Tokens</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {tools.map((t) => {
            const props = Object.keys((t.inputSchema?.properties ?? {}) as Record<string, unknown>);
            const isOpen = open === t.name;
            return (
              <Fragment key={t.id}>
                <tr data-tool={t.name}>
                  <td>
                    <Switch
                      checked={t.enabled}
                      disabled={pending[`${name}/${t.name}`] === true}
                      label={`Tool ${t.name}`}
                      onChange={(on) => void setToolEnabled(link, name, t.name, on)}
                    />
                  </td>
                  <td>
                    <button
                      className="btn ghost sm"
                      style={{ padding: 0, height: 'auto', color: 'var(--text)' }}
                      aria-expanded={isOpen}
                      onClick={() => setOpen(isOpen ? undefined : t.name)}
                    >
                      {isOpen ? <ChevronDown size={13} /> : <ChevronRight size={13} />}
                      <span className="mono" style={{ fontWeight: 600 }}>
                        {t.name}
                      </span>
                    </button>
                    {!t.visible && t.enabled && (
                      <span className="tag" style={{ marginLeft: 6 }}>
                        hidden: {t.hiddenReason ?? 'filtered'}
                      </span>
                    )}
                    {(trust[t.name]?.findings ?? []).map((f, i) => (
                      <span key={i} style={{ marginLeft: 6 }}>
                        <FindingTag finding={f} />
                      </span>
                    ))}
                    {t.description !== undefined && <div className="desc">{t.description}</div>}
                  </td>
                  <td className="num">{formatTokens(t.tokens)}</td>
                  <td className="num">
                    <button className="btn sm" onClick={() => onTry(t.name)}>
                      Try
                    </button>
                  </td>
                </tr>
                {isOpen && (
                  <tr>
                    <td />
                    <td colSpan={3}>
                      <div className="stack">
                        {t.description !== undefined && (
                          <div style={{ whiteSpace: 'pre-wrap' }}>{t.description}</div>
                        )}
                        <div className="faint">
                          Exposed to clients as <code>{t.id}</code>. Parameters:{' '}
                          {props.length === 0 ? 'none' : props.join(', ')}
                        </div>
                        {t.inputSchema !== undefined && (
                          <div className="code">{JSON.stringify(t.inputSchema, null, 2)}</div>
                        )}
                      </div>
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** Per-server filters and budgets (the server's `tools` controls), previewed before saving. */
function ToolLimits({ name }: { name: string }) {
  const link = useEngine();
  const detail = useServers((s) => s.details[name]);
  const controls = useMemo(() => (detail?.config.tools ?? {}) as ToolControls, [detail]);
  const initial = useMemo(
    () => ({
      deny: (controls.deny ?? []).join(', '),
      allow: (controls.allow ?? []).join(', '),
      maxTools: controls.maxTools !== undefined ? String(controls.maxTools) : '',
      maxTokens: controls.maxTokens !== undefined ? String(controls.maxTokens) : '',
    }),
    [controls.deny, controls.allow, controls.maxTools, controls.maxTokens],
  );
  const [form, setForm] = useState(initial);
  const [effect, setEffect] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  useEffect(() => setForm(initial), [initial]);
  const dirty = JSON.stringify(form) !== JSON.stringify(initial);
  const num = (v: string): number | undefined | null =>
    v.trim() === '' ? undefined : /^[1-9]\d*$/.test(v.trim()) ? Number(v.trim()) : null;
  const globs = (v: string): string[] | undefined => {
    const list = v
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean);
    return list.length > 0 ? list : undefined;
  };
  const bad = num(form.maxTools) === null || num(form.maxTokens) === null;
  const next = useMemo((): ToolControls => {
    const c: ToolControls = { ...controls };
    const set = <K extends keyof ToolControls>(k: K, v: ToolControls[K] | undefined): void => {
      if (v === undefined) {
        delete c[k];
      } else {
        c[k] = v;
      }
    };
    set('deny', globs(form.deny));
    set('allow', globs(form.allow));
    set('maxTools', num(form.maxTools) ?? undefined);
    set('maxTokens', num(form.maxTokens) ?? undefined);
    return c;
  }, [controls, form]);

  useEffect(() => {
    if (!dirty || bad) {
      setEffect(undefined);
      return;
    }
    let live = true;
    const t = setTimeout(() => {
      link.api
        .call(previewContext, { body: { servers: { [name]: next } } })
        .then((p) => {
          const srv = p.proposed.servers.find((x) => x.name === name);
          const cur = p.current.servers.find((x) => x.name === name);
          if (live && srv !== undefined && cur !== undefined) {
            setEffect(
              `Clients would see ${srv.visibleTools} of ${srv.tools} tools (${formatTokens(srv.tokens)} tokens, now ${formatTokens(cur.tokens)}).`,
            );
          }
        })
        .catch((err: unknown) => live && setEffect(describeError(err).message));
    }, 200);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [link, name, next, dirty, bad]);

  const save = async (): Promise<void> => {
    setBusy(true);
    try {
      const d = await link.api.call(routes.updateServer, {
        params: { name },
        body: { tools: Object.keys(next).length > 0 ? next : null },
      });
      setServerDetail(d, Date.now());
      link.refresh(['tools', 'servers', 'context']);
      toast({ kind: 'success', title: `Saved the tool limits of ${name}` });
    } catch (err) {
      toastError('The limits were not saved', err);
    } finally {
      setBusy(false);
    }
  };

  if (detail === undefined) {
    return null;
  }
  return (
    <form
      className="card-pad stack"
      style={{ gap: 10, borderTop: '1px solid var(--border)' }}
      aria-label="Tool limits"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h3>Limits for this server</h3>
      <div className="grid" style={{ gridTemplateColumns: 'repeat(auto-fit, minmax(150px, 1fr))' }}>
        <Field id="lim-deny" label="Hide tools matching">
          <input
            id="lim-deny"
            className="input mono"
            placeholder="delete_*, *_admin"
            value={form.deny}
            onChange={(e) => setForm({ ...form, deny: e.target.value })}
          />
        </Field>
        <Field id="lim-allow" label="Only tools matching">
          <input
            id="lim-allow"
            className="input mono"
            placeholder="all tools"
            value={form.allow}
            onChange={(e) => setForm({ ...form, allow: e.target.value })}
          />
        </Field>
        <Field id="lim-tools" label="At most tools">
          <input
            id="lim-tools"
            className="input"
            inputMode="numeric"
            placeholder="no limit"
            value={form.maxTools}
            onChange={(e) => setForm({ ...form, maxTools: e.target.value })}
            aria-invalid={num(form.maxTools) === null}
          />
        </Field>
        <Field id="lim-tokens" label="At most tokens">
          <input
            id="lim-tokens"
            className="input"
            inputMode="numeric"
            placeholder="no limit"
            value={form.maxTokens}
            onChange={(e) => setForm({ ...form, maxTokens: e.target.value })}
            aria-invalid={num(form.maxTokens) === null}
          />
        </Field>
      </div>
      {bad ? (
        <span className="err-text">Limits are whole numbers; leave a field empty for no limit.</span>
      ) : (
        <span className="help" role="status" data-testid="limits-effect">
          {effect ?? 'Patterns are globs separated by commas. Changes are previewed here before you save.'}
        </span>
      )}
      <div className="row">
        <button className="btn primary sm" type="submit" disabled={!dirty || bad || busy}>
          Save limits
        </button>
        {dirty && (
          <button className="btn ghost sm" type="button" onClick={() => setForm(initial)}>
            Discard
          </button>
        )}
      </div>
    </form>
  );
}

function CallsTable({ name }: { name: string }) {
  const calls = useCalls((s) => s.calls);
  const mine = useMemo(
    () =>
      calls
        .filter((c) => c.server === name)
        .slice(-100)
        .reverse(),
    [calls, name],
  );
  if (mine.length === 0) {
    return (
      <div className="card-pad faint">
        No calls yet. Calls from clients (and from “Try”) show up here live.
      </div>
    );
  }
  return (
    <div className="table-wrap">
      <table className="table" aria-label="Recent calls">
        <thead>
          <tr>
            <th>Time</th>
            <th>Tool</th>
            <th>Client</th>
            <th className="num">Duration</th>
            <th>Result</th>
          </tr>
        </thead>
        <tbody>
          {mine.map((c) => (
            <tr key={c.id}>
              <td className="faint">{formatTime(c.at)}</td>
              <td className="mono">{c.tool}</td>
              <td>{c.client}</td>
              <td className="num">{formatDuration(c.durationMs)}</td>
              <td>
                {c.ok && c.isError !== true ? (
                  <span className="tag ok">ok</span>
                ) : (
                  <span className="tag bad" title={c.error}>
                    {c.error ?? 'error'}
                  </span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function TryPanel({
  name,
  tool,
  setTool,
}: {
  name: string;
  tool: string | undefined;
  setTool: (t: string) => void;
}) {
  const all = useTools((s) => s.tools);
  const tools = useMemo(() => all.filter((t) => t.server === name), [all, name]);
  const current = tools.find((t) => t.name === tool) ?? tools[0];
  if (current === undefined) {
    return <div className="card-pad faint">This server has no tools to call yet.</div>;
  }
  return (
    <div className="card-pad stack" style={{ gap: 14 }}>
      <div className="field" style={{ maxWidth: 360 }}>
        <label htmlFor="try-tool">Tool</label>
        <select
          id="try-tool"
          className="select"
          value={current.name}
          onChange={(e) => setTool(e.target.value)}
        >
          {tools.map((t) => (
            <option key={t.name} value={t.name}>
              {t.name}
            </option>
          ))}
        </select>
        {current.description !== undefined && <span className="help">{current.description}</span>}
      </div>
      <ToolRunner key={current.id} tool={current} />
    </div>
  );
}

/** What went wrong and what to do next, above the tabs, while the server is failing. */
function TroubleCallout({ name }: { name: string }) {
  const link = useEngine();
  const row = useServers((s) => s.byName[name]);
  const now = useNow(1000);
  if (
    row === undefined ||
    !(row.state === 'error' || row.state === 'restarting' || row.state === 'degraded')
  ) {
    return null;
  }
  const title =
    row.state === 'error'
      ? 'This server keeps failing, so the gateway stopped trying'
      : row.state === 'restarting'
        ? 'This server stopped and is being restarted'
        : 'This server is slow to answer health checks';
  const next =
    row.nextAttemptAt !== undefined && row.nextAttemptAt > now
      ? formatSpan(row.nextAttemptAt - now)
      : undefined;
  return (
    <div className={`callout ${row.state === 'error' ? 'error' : 'warn'}`} role="alert">
      <AlertTriangle size={16} />
      <div style={{ flex: 1, minWidth: 0 }}>
        <div className="title">{title}</div>
        <div style={{ overflowWrap: 'anywhere' }}>{row.lastError ?? row.reason}</div>
        <div className="help">
          {row.state === 'error'
            ? `Fix the cause (Edit the config, install the command, check the URL), then reset the circuit.${next !== undefined ? ` The gateway tries once more by itself in ${next}.` : ''}`
            : row.state === 'restarting'
              ? `Next attempt${next !== undefined ? ` in ${next}` : ' now'}. The Logs tab shows what it wrote before it stopped.`
              : 'Clients may see slow answers. If it does not recover, it is restarted.'}
        </div>
      </div>
      {row.canAllow !== undefined && row.canAllow.length > 0 && (
        <AllowButton name={name} keys={row.canAllow} />
      )}
      {row.state === 'error' && (
        <button className="btn sm" onClick={() => void serverAction(link, name, 'reset')}>
          <ShieldOff size={13} /> Reset circuit
        </button>
      )}
    </div>
  );
}

/**
 * An imported server that waits for the user: where it came from, exactly what it would run and
 * which variables it wants expanded, and one button that approves what is shown.
 */
function ApprovalCallout({ name, detail }: { name: string; detail: ServerDetail | undefined }) {
  const link = useEngine();
  const row = useServers((s) => s.byName[name]);
  const [busy, setBusy] = useState(false);
  const approval = row?.approval;
  if (row === undefined || approval === undefined) {
    return null;
  }
  const origin = row.origin;
  const parsed = detail === undefined ? undefined : ServerConfigSchema.safeParse(detail.config);
  const runs = parsed?.success === true ? commandLine(parsed.data) : undefined;
  const approve = async () => {
    setBusy(true);
    try {
      const s = await link.api.call(routes.approveServer, {
        params: { name },
        body: { variables: approval.variables },
      });
      upsertSummary(s, Date.now());
      toast({
        title: `Approved ${name}`,
        kind: 'success',
        description: 'It starts now; the approval is kept in its config.',
      });
    } catch (err) {
      toastError(`Could not approve ${name}`, err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="callout warn" role="alert" aria-label="Waiting for approval">
      <AlertTriangle size={16} />
      <div style={{ flex: 1, minWidth: 0 }}>
        <div className="title">
          {approval.project
            ? 'Imported from a project file: approve it before it runs'
            : 'Approve the variables this server wants'}
        </div>
        {origin !== undefined && (
          <div style={{ overflowWrap: 'anywhere' }}>
            From {origin.client}
            {origin.project !== undefined ? (
              <>
                , project{' '}
                <span className="mono" data-testid="approval-project">
                  {origin.project}
                </span>
              </>
            ) : (
              origin.file !== undefined && (
                <>
                  , <span className="mono">{origin.file}</span>
                </>
              )
            )}
            .
          </div>
        )}
        {runs !== undefined && (
          <div style={{ overflowWrap: 'anywhere' }}>
            Runs{' '}
            <span className="mono" data-testid="approval-runs">
              {runs}
            </span>
          </div>
        )}
        {approval.variables.length > 0 && (
          <div style={{ overflowWrap: 'anywhere' }} data-testid="approval-variables">
            Wants expanded:{' '}
            {approval.variables.map((v) => (
              <span key={v} className="tag mono" style={{ marginRight: 4 }}>
                {'${' + v + '}'}
              </span>
            ))}
          </div>
        )}
        <div className="help">
          A project&apos;s file can come with any repository you clone. Nothing from it runs, and no variable
          from your environment or keychain is put into it, until you approve it here (or run{' '}
          <span className="mono">mcp-gateway servers approve {name}</span>).
        </div>
      </div>
      <button className="btn sm primary" disabled={busy} onClick={() => void approve()}>
        Approve and start
      </button>
    </div>
  );
}

/**
 * The explicit, visible opt-in for env keys and interpreter options the gateway refuses by
 * default: one click adds them to this server's `allow` list in the config file.
 */
function AllowButton({ name, keys }: { name: string; keys: readonly string[] }) {
  const link = useEngine();
  const [busy, setBusy] = useState(false);
  const allow = async () => {
    setBusy(true);
    try {
      const s = await link.api.call(routes.allowServerKeys, { params: { name }, body: { keys: [...keys] } });
      upsertSummary(s, Date.now());
      toast({
        title: `Allowed ${keys.join(', ')} for ${name}`,
        kind: 'success',
        description: `Saved as "allow" in mcpServers.${name}.`,
      });
    } catch (err) {
      toastError(`Could not allow ${keys.join(', ')} for ${name}`, err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <button
      className="btn sm"
      disabled={busy}
      title={`Add ${keys.join(', ')} to this server's "allow" list and start it`}
      onClick={() => void allow()}
    >
      Allow {keys.join(', ')}
    </button>
  );
}

export function ServerDetailView({ name, tab }: { name: string; tab: string | undefined }) {
  const link = useEngine();
  const row = useServers((s) => s.byName[name]);
  const loaded = useServers((s) => s.loaded);
  const detail = useServers((s) => s.details[name]);
  const toolCount = useTools((s) => s.tools.filter((t) => t.server === name).length);
  const [error, setError] = useState<unknown>(undefined);
  const [tryTool, setTryTool] = useState<string | undefined>(undefined);
  const current = tab ?? 'overview';
  const setTab = (t: string): void =>
    navigate({ view: 'server', name, tab: t === 'overview' ? undefined : t });

  // The config is only in the detail answer; refetch it when the server's config changes.
  const since = row?.since;
  useEffect(() => {
    let live = true;
    link.api
      .call(routes.getServer, { params: { name } })
      .then((d) => live && setServerDetail(d, Date.now()))
      .catch((err: unknown) => live && setError(err));
    return () => {
      live = false;
    };
  }, [link, name, since]);

  if (loaded && row === undefined) {
    return (
      <div className="page">
        <a className="btn ghost sm" href="#/servers" style={{ alignSelf: 'flex-start' }}>
          <ArrowLeft size={14} /> Servers
        </a>
        <div className="card">
          <EmptyState icon={Wrench} title={`No server named “${name}”`}>
            It may have been removed. {error !== undefined && <ErrorCallout error={error} />}
          </EmptyState>
        </div>
      </div>
    );
  }

  return (
    <div className="page">
      <div className="page-head">
        <a className="btn ghost icon" href="#/servers" aria-label="Back to servers">
          <ArrowLeft size={16} />
        </a>
        <h1 tabIndex={-1}>
          <span style={{ overflow: 'hidden', textOverflow: 'ellipsis' }}>{name}</span>
          {row !== undefined && <StateBadge state={row.state} />}
        </h1>
        {row !== undefined && <ServerActions server={row} onRemoved={() => navigate({ view: 'servers' })} />}
      </div>
      {row?.description !== undefined && (
        <div className="page-sub" style={{ marginTop: -10 }}>
          {row.description}
        </div>
      )}
      <TroubleCallout name={name} />
      <ApprovalCallout name={name} detail={detail} />
      <ReviewNotice name={name} />
      <Tabs.Root value={current} onValueChange={setTab}>
        <Tabs.List className="tabs-list" aria-label="Server sections">
          <Tabs.Trigger value="overview">Overview</Tabs.Trigger>
          <Tabs.Trigger value="tools">
            Tools <span className="count">{toolCount}</span>
          </Tabs.Trigger>
          <Tabs.Trigger value="logs">Logs</Tabs.Trigger>
          <Tabs.Trigger value="calls">Calls</Tabs.Trigger>
          <Tabs.Trigger value="history">History</Tabs.Trigger>
          <Tabs.Trigger value="try">Try a tool</Tabs.Trigger>
        </Tabs.List>
        <div style={{ marginTop: 14 }}>
          <Tabs.Content value="overview" className="detail-grid">
            <StatusCard name={name} detail={detail} />
            <ConfigCard detail={detail} />
            <section className="card" style={{ gridColumn: '1 / -1' }} aria-label="Recent state changes">
              <div className="card-head">
                <h2>State history</h2>
              </div>
              <HistoryList name={name} />
            </section>
          </Tabs.Content>
          <Tabs.Content value="tools" className="card">
            <ToolReview name={name} />
            <ToolsTable
              name={name}
              onTry={(t) => {
                setTryTool(t);
                setTab('try');
              }}
            />
            <ToolLimits name={name} />
          </Tabs.Content>
          <Tabs.Content value="logs">
            <LogPanel server={name} />
          </Tabs.Content>
          <Tabs.Content value="calls" className="card">
            <CallsTable name={name} />
          </Tabs.Content>
          <Tabs.Content value="history" className="card">
            <HistoryList name={name} />
          </Tabs.Content>
          <Tabs.Content value="try" className="card">
            <TryPanel name={name} tool={tryTool} setTool={setTryTool} />
          </Tabs.Content>
        </div>
      </Tabs.Root>
    </div>
  );
}

/** When the server sleeps, or why it does not. */
function sleepPolicy(row: {
  transport: string;
  sleepAfterMs?: number | undefined;
  sleepBlockers?: string[] | undefined;
  disabled: boolean;
}): string {
  const blockers = row.sleepBlockers ?? [];
  if (row.disabled || row.sleepAfterMs === undefined) {
    return '—';
  }
  if (blockers.length > 0) {
    return `Cannot sleep: ${blockers.join('; ')}`;
  }
  if (row.transport !== 'stdio') {
    return `Remote: stays connected; health pings pause after ${formatSpan(row.sleepAfterMs)} idle`;
  }
  return `After ${formatSpan(row.sleepAfterMs)} without a request (starts again on first use)`;
}
