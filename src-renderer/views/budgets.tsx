import { AlertTriangle, Gauge, Search } from 'lucide-react';
import { useEffect, useMemo, useState } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  ResponsiveContainer,
  Tooltip as ChartTooltip,
  XAxis,
  YAxis,
} from 'recharts';

import {
  type ContextPreview,
  type ContextPreviewBody,
  previewContext,
} from '../../src-shared/api/context.js';
import * as routes from '../../src-shared/api/routes.js';
import type { ToolSummary } from '../../src-shared/api/schemas.js';
import type { ToolControls } from '../../src-shared/config.js';
import { setToolEnabled } from '../api/actions.js';
import { describeError } from '../api/client.js';
import { useEngine } from '../api/context.js';
import { EmptyState } from '../components/empty-state.js';
import { Switch } from '../components/switch.js';
import { toast, toastError } from '../components/toaster.js';
import { formatTokens } from '../lib/format.js';
import { useThemeColors } from '../lib/use-theme-colors.js';
import { useContextReport } from '../stores/context.js';
import { useSettings } from '../stores/settings.js';
import { useTools } from '../stores/tools.js';

/** Changes the person has switched but not applied yet; their effect is previewed by the engine. */
interface Staged {
  tools: Record<string, boolean>;
  /** Pinned in meta mode (listed next to the meta tools). */
  pins: Record<string, boolean>;
  mode?: 'all' | 'meta';
  compaction?: boolean;
  /** `null` removes the budget. */
  maxTokens?: number | null;
}

const NOTHING: Staged = { tools: {}, pins: {} };

function Meter({
  value,
  preview,
  max,
}: {
  value: number;
  preview: number | undefined;
  max: number | undefined;
}) {
  const scale = Math.max(max ?? 0, value, preview ?? 0, 1);
  const shown = preview ?? value;
  return (
    <div
      className={`meter${max !== undefined && shown > max ? ' over' : ''}`}
      role="meter"
      aria-valuemin={0}
      aria-valuemax={scale}
      aria-valuenow={shown}
      aria-label="Context tokens"
    >
      <span style={{ width: `${(Math.min(shown, value) / scale) * 100}%` }} />
      {preview !== undefined && preview < value && (
        <span className="preview" style={{ width: `${((value - preview) / scale) * 100}%` }} />
      )}
      {preview !== undefined && preview > value && (
        <span style={{ width: `${((preview - value) / scale) * 100}%`, opacity: 0.5 }} />
      )}
    </div>
  );
}

function countChanges(s: Staged, tools: ToolSummary[]): number {
  const toolChanges = tools.filter(
    (t) => s.tools[`${t.server}/${t.name}`] !== undefined && s.tools[`${t.server}/${t.name}`] !== t.enabled,
  ).length;
  return (
    toolChanges +
    Object.keys(s.pins).length +
    (s.mode !== undefined ? 1 : 0) +
    (s.compaction !== undefined ? 1 : 0) +
    (s.maxTokens !== undefined ? 1 : 0)
  );
}

/** The server's tool controls with the staged switches and pins folded in (other controls unchanged). */
async function proposedControls(
  link: ReturnType<typeof useEngine>,
  server: string,
  s: Staged,
  tools: ToolSummary[],
): Promise<ToolControls> {
  const detail = await link.api.call(routes.getServer, { params: { name: server } });
  const controls = { ...((detail.config.tools ?? {}) as ToolControls) };
  const disabled = new Set(controls.disabled ?? []);
  const pinned = new Set(controls.pinned ?? []);
  for (const t of tools.filter((x) => x.server === server)) {
    const key = `${t.server}/${t.name}`;
    const want = s.tools[key];
    if (want !== undefined && want !== t.enabled) {
      if (want) {
        disabled.delete(t.name);
      } else {
        disabled.add(t.name);
      }
    }
    const pin = s.pins[key];
    if (pin === true) {
      pinned.add(t.name);
    } else if (pin === false) {
      pinned.delete(t.name);
    }
  }
  controls.disabled = [...disabled];
  controls.pinned = [...pinned];
  return controls;
}

function stagedServers(s: Staged, tools: ToolSummary[]): string[] {
  const out = new Set<string>();
  for (const t of tools) {
    const key = `${t.server}/${t.name}`;
    if ((s.tools[key] !== undefined && s.tools[key] !== t.enabled) || s.pins[key] !== undefined) {
      out.add(t.server);
    }
  }
  return [...out];
}

/** Build the preview body: per-server tool controls with the staged changes, and staged settings. */
async function previewBody(
  link: ReturnType<typeof useEngine>,
  s: Staged,
  tools: ToolSummary[],
): Promise<ContextPreviewBody> {
  const body: ContextPreviewBody = {};
  const servers = stagedServers(s, tools);
  if (servers.length > 0) {
    body.servers = {};
    for (const server of servers) {
      body.servers[server] = await proposedControls(link, server, s, tools);
    }
  }
  if (s.mode !== undefined || s.compaction !== undefined || s.maxTokens !== undefined) {
    body.gateway = {};
    if (s.mode !== undefined) {
      body.gateway.mode = s.mode;
    }
    if (s.compaction !== undefined) {
      body.gateway.compaction = s.compaction;
    }
    if (s.maxTokens !== undefined) {
      body.gateway.maxTokens = s.maxTokens;
    }
  }
  return body;
}

export function BudgetsView() {
  const link = useEngine();
  const colors = useThemeColors();
  const tools = useTools((s) => s.tools);
  const loaded = useTools((s) => s.loaded);
  const report = useContextReport((s) => s.report);
  const totals = useTools((s) => s.totals);
  const settings = useSettings((s) => s.settings);
  const [q, setQ] = useState('');
  const [staged, setStaged] = useState<Staged>(NOTHING);
  const [preview, setPreview] = useState<ContextPreview | undefined>(undefined);
  const [previewError, setPreviewError] = useState<string | undefined>(undefined);
  const [applying, setApplying] = useState(false);
  const [budgetText, setBudgetText] = useState<string | undefined>(undefined);
  const changes = countChanges(staged, tools);
  const pinnedIds = useMemo(
    () => new Set((report?.tools ?? []).filter((t) => t.pinned).map((t) => t.id)),
    [report],
  );

  // Ask the engine what the staged changes would select (debounced; never applied).
  useEffect(() => {
    if (changes === 0) {
      setPreview(undefined);
      setPreviewError(undefined);
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      previewBody(link, staged, tools)
        .then((body) => link.api.call(previewContext, { body }))
        .then((p) => {
          if (live) {
            setPreview(p);
            setPreviewError(undefined);
          }
        })
        .catch((err: unknown) => {
          if (live) {
            setPreview(undefined);
            const d = describeError(err);
            // An engine without the preview route: fall back to adding up the switched tools here.
            setPreviewError(d.code === 'NOT_FOUND' ? 'local' : d.message);
          }
        });
    }, 150);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [link, staged, tools, changes]);

  // The local estimate covers per-tool switches only (mode, compaction and budgets need the engine).
  const local = useMemo(() => {
    let delta = 0;
    let changed = 0;
    for (const t of tools) {
      const want = staged.tools[`${t.server}/${t.name}`];
      if (want === undefined || want === t.enabled) {
        continue;
      }
      changed++;
      if (want && !t.visible && t.hiddenReason === 'disabled') {
        delta += t.tokens;
      } else if (!want && t.visible) {
        delta -= t.tokens;
      }
    }
    return {
      delta,
      changed,
      settingsStaged:
        staged.mode !== undefined || staged.compaction !== undefined || staged.maxTokens !== undefined,
    };
  }, [staged, tools]);

  const byServer = useMemo(() => {
    const m = new Map<string, { server: string; visible: number; hidden: number }>();
    for (const t of tools) {
      const e = m.get(t.server) ?? { server: t.server, visible: 0, hidden: 0 };
      if (t.visible) {
        e.visible += t.tokens;
      } else {
        e.hidden += t.tokens;
      }
      m.set(t.server, e);
    }
    return [...m.values()].sort((a, b) => b.visible - a.visible);
  }, [tools]);
  const chartHeight = (rows: number, per: number): number => Math.max(140, rows * per + 40);
  const topTools = useMemo(
    () =>
      tools
        .filter((t) => t.visible)
        .sort((a, b) => b.tokens - a.tokens)
        .slice(0, 12)
        .map((t) => ({ name: t.id, tokens: t.tokens })),
    [tools],
  );
  const list = useMemo(() => {
    const ql = q.toLowerCase();
    return tools
      .filter(
        (t) =>
          ql === '' || t.id.toLowerCase().includes(ql) || (t.description ?? '').toLowerCase().includes(ql),
      )
      .sort((a, b) => b.tokens - a.tokens);
  }, [tools, q]);

  const apply = async (): Promise<void> => {
    setApplying(true);
    try {
      for (const t of tools) {
        const want = staged.tools[`${t.server}/${t.name}`];
        if (want !== undefined && want !== t.enabled) {
          await setToolEnabled(link, t.server, t.name, want);
        }
      }
      // Pins go into each server's tool controls (after the switches above, so those are kept).
      const pinServers = [...new Set(Object.keys(staged.pins).map((k) => k.slice(0, k.indexOf('/'))))];
      for (const server of pinServers) {
        const controls = await proposedControls(link, server, { tools: {}, pins: staged.pins }, tools);
        await link.api.call(routes.updateServer, { params: { name: server }, body: { tools: controls } });
      }
      const patch: Record<string, unknown> = {};
      if (staged.mode !== undefined) {
        patch.mode = staged.mode;
      }
      if (staged.compaction !== undefined) {
        patch.compaction = staged.compaction;
      }
      if (staged.maxTokens !== undefined) {
        patch.maxTokens = staged.maxTokens;
      }
      if (Object.keys(patch).length > 0) {
        const r = await link.api.call(routes.updateSettings, { body: patch });
        useSettings.setState({ settings: r.settings, restartRequired: r.restartRequired });
      }
      link.refresh(['tools', 'servers', 'context', 'health']);
      toast({ kind: 'success', title: 'Applied: clients get the new tool list now' });
      setStaged(NOTHING);
      setBudgetText(undefined);
    } catch (err) {
      toastError('Not everything was applied', err);
    } finally {
      setApplying(false);
    }
  };

  if (loaded && tools.length === 0) {
    return (
      <div className="page">
        <div className="page-head">
          <h1 tabIndex={-1}>Budgets</h1>
        </div>
        <div className="card">
          <EmptyState icon={Gauge} title="No tools to measure yet">
            Every tool definition a client loads costs context tokens. Add a server and its tools, with their
            cost, appear here.
          </EmptyState>
        </div>
      </div>
    );
  }

  const mode = staged.mode ?? settings?.mode ?? report?.mode ?? 'all';
  const compaction = staged.compaction ?? settings?.compaction ?? report?.compaction ?? false;
  const currentBudget = settings?.maxTokens ?? report?.budget.maxTokens;
  const budgetValue = budgetText ?? (currentBudget !== undefined ? String(currentBudget) : '');
  const current = report?.totals.contextTokens ?? totals.visibleTokens;
  const useLocal = previewError === 'local';
  const proposed = preview?.proposed.totals.contextTokens ?? (useLocal ? current + local.delta : undefined);
  const delta = preview?.delta.contextTokens ?? (useLocal ? local.delta : undefined);
  const changedTools = preview?.changed.length ?? local.changed;

  return (
    <div className="page">
      <div className="page-head">
        <div style={{ flex: 1 }}>
          <h1 tabIndex={-1}>Budgets</h1>
          <div className="page-sub">
            How much of the model’s context your tool definitions take, and what to trim.
          </div>
        </div>
      </div>
      <section className="card card-pad stack" aria-label="Total context cost" style={{ gap: 10 }}>
        <div className="row wrap" style={{ alignItems: 'baseline' }}>
          <span
            style={{ fontSize: 26, fontWeight: 600, letterSpacing: '-0.02em' }}
            data-testid="budget-total"
          >
            {formatTokens(current)}
          </span>
          <span className="muted">
            tokens clients load
            {(report?.mode ?? settings?.mode) === 'meta'
              ? ' (meta mode: search-and-invoke tools and pinned tools)'
              : ` for ${report?.totals.visibleTools ?? totals.visible} tools`}
          </span>
          <span className="spacer" />
          <span className="muted">
            {currentBudget !== undefined ? `budget ${formatTokens(currentBudget)}` : 'no budget set'}
          </span>
        </div>
        <Meter value={current} preview={proposed} max={currentBudget} />
        {report !== undefined && report.warnings.length > 0 && (
          <div className="callout warn">
            <AlertTriangle size={16} />
            <div>
              {report.warnings.map((w) => (
                <div key={w}>{w}</div>
              ))}
            </div>
          </div>
        )}
        {changes > 0 && (
          <div
            className="row wrap"
            role="status"
            data-testid="budget-preview"
            style={{ padding: '8px 10px', background: 'var(--accent-soft)', borderRadius: 8 }}
          >
            <span>
              {proposed === undefined ? (
                previewError !== undefined && !useLocal ? (
                  `Could not preview: ${previewError}`
                ) : (
                  'Working out the effect…'
                )
              ) : (
                <>
                  With {changes} change{changes === 1 ? '' : 's'}: <b>{formatTokens(proposed)}</b> tokens (
                  {(delta ?? 0) <= 0 ? '−' : '+'}
                  {formatTokens(Math.abs(delta ?? 0))}), {changedTools} tool{changedTools === 1 ? '' : 's'}{' '}
                  change visibility.
                  {useLocal && local.settingsStaged && (
                    <span className="faint">
                      {' '}
                      The effect of mode, compaction and budget shows once applied.
                    </span>
                  )}
                </>
              )}
            </span>
            <span className="spacer" />
            <button
              className="btn sm"
              onClick={() => {
                setStaged(NOTHING);
                setBudgetText(undefined);
              }}
              disabled={applying}
            >
              Discard
            </button>
            <button className="btn primary sm" onClick={() => void apply()} disabled={applying}>
              {applying ? 'Applying…' : 'Apply'}
            </button>
          </div>
        )}
      </section>
      <div className="grid grid-2">
        <section className="card" aria-labelledby="by-server-h">
          <div className="card-head">
            <h2 id="by-server-h">By server</h2>
            <span className="legend">
              <i style={{ background: colors.accent }} /> visible{' '}
              <i style={{ background: colors.text3, opacity: 0.35 }} /> hidden
            </span>
          </div>
          <div
            className="card-pad"
            style={{ height: Math.max(chartHeight(byServer.length, 34), chartHeight(topTools.length, 26)) }}
          >
            <ResponsiveContainer width="100%" height="100%">
              <BarChart
                data={byServer}
                layout="vertical"
                margin={{ left: 8, right: 16, top: 4, bottom: 4 }}
                maxBarSize={26}
              >
                <CartesianGrid horizontal={false} stroke={colors.border} />
                <XAxis type="number" tick={{ fill: colors.text3, fontSize: 11 }} stroke={colors.border} />
                <YAxis
                  type="category"
                  dataKey="server"
                  width={110}
                  tickFormatter={(v: string) => (v.length > 15 ? `${v.slice(0, 14)}…` : v)}
                  tick={{ fill: colors.text2, fontSize: 12 }}
                  stroke={colors.border}
                />
                <ChartTooltip
                  cursor={{ fill: colors.accentSoft }}
                  contentStyle={{
                    background: colors.bgElev,
                    border: `1px solid ${colors.border}`,
                    borderRadius: 8,
                    fontSize: 12,
                  }}
                />
                <Bar dataKey="visible" name="visible tokens" stackId="a" fill={colors.accent} />
                <Bar
                  dataKey="hidden"
                  name="hidden tokens"
                  stackId="a"
                  fill={colors.text3}
                  fillOpacity={0.35}
                  radius={[0, 4, 4, 0]}
                />
              </BarChart>
            </ResponsiveContainer>
          </div>
        </section>
        <section className="card" aria-labelledby="by-tool-h">
          <div className="card-head">
            <h2 id="by-tool-h">Costliest tools</h2>
          </div>
          <div
            className="card-pad"
            style={{ height: Math.max(chartHeight(byServer.length, 34), chartHeight(topTools.length, 26)) }}
          >
            <ResponsiveContainer width="100%" height="100%">
              <BarChart
                data={topTools}
                layout="vertical"
                margin={{ left: 8, right: 16, top: 4, bottom: 4 }}
                maxBarSize={26}
              >
                <CartesianGrid horizontal={false} stroke={colors.border} />
                <XAxis type="number" tick={{ fill: colors.text3, fontSize: 11 }} stroke={colors.border} />
                <YAxis
                  type="category"
                  dataKey="name"
                  width={170}
                  tick={{ fill: colors.text2, fontSize: 11 }}
                  stroke={colors.border}
                  tickFormatter={(v: string) => (v.length > 26 ? `${v.slice(0, 25)}…` : v)}
                />
                <ChartTooltip
                  cursor={{ fill: colors.accentSoft }}
                  contentStyle={{
                    background: colors.bgElev,
                    border: `1px solid ${colors.border}`,
                    borderRadius: 8,
                    fontSize: 12,
                  }}
                />
                <Bar dataKey="tokens" radius={[0, 4, 4, 0]}>
                  {topTools.map((t, i) => (
                    <Cell key={t.name} fill={colors.accent} fillOpacity={1 - i * 0.05} />
                  ))}
                </Bar>
              </BarChart>
            </ResponsiveContainer>
          </div>
        </section>
      </div>
      <section className="card" aria-labelledby="switches-h">
        <div className="card-head">
          <h2 id="switches-h">What clients see</h2>
          <span className="faint">changes are previewed above before you apply them</span>
        </div>
        <div className="card-pad stack" style={{ gap: 16 }}>
          <div className="row" style={{ alignItems: 'flex-start', gap: 12 }}>
            <Switch
              id="sw-meta"
              checked={mode === 'meta'}
              label="Meta mode"
              onChange={(on) =>
                setStaged({
                  ...staged,
                  mode: (on ? 'meta' : 'all') === settings?.mode ? undefined : on ? 'meta' : 'all',
                })
              }
            />
            <div>
              <label htmlFor="sw-meta" style={{ fontWeight: 600 }}>
                Meta mode
              </label>
              <div className="muted">
                Clients see a few search-and-invoke tools ({formatTokens(report?.totals.metaTokens)} tokens)
                plus pinned ones, instead of every tool; the model searches for what it needs.
              </div>
            </div>
          </div>
          <div className="row" style={{ alignItems: 'flex-start', gap: 12 }}>
            <Switch
              id="sw-compact"
              checked={compaction}
              label="Compaction"
              onChange={(on) =>
                setStaged({ ...staged, compaction: on === settings?.compaction ? undefined : on })
              }
            />
            <div>
              <label htmlFor="sw-compact" style={{ fontWeight: 600 }}>
                Compaction
              </label>
              <div className="muted">
                Shortens descriptions and schemas without changing what tools accept.
              </div>
            </div>
          </div>
          <div className="field" style={{ maxWidth: 360 }}>
            <label htmlFor="budget">Token budget (all servers)</label>
            <input
              id="budget"
              className="input"
              inputMode="numeric"
              placeholder="No budget"
              value={budgetValue}
              aria-invalid={budgetValue.trim() !== '' && !/^[1-9]\d*$/.test(budgetValue.trim())}
              onChange={(e) => {
                const v = e.target.value;
                setBudgetText(v);
                const t = v.trim();
                const next = t === '' ? null : /^[1-9]\d*$/.test(t) ? Number(t) : undefined;
                const same = (next === null && currentBudget === undefined) || next === currentBudget;
                setStaged({ ...staged, maxTokens: next === undefined || same ? undefined : next });
              }}
            />
            {budgetValue.trim() !== '' && !/^[1-9]\d*$/.test(budgetValue.trim()) ? (
              <span className="err">A budget is a whole number of tokens; leave it empty for no budget.</span>
            ) : (
              <span className="help">
                Past the budget, the costliest tools are hidden until the total fits.
              </span>
            )}
          </div>
        </div>
      </section>
      <section className="card" aria-labelledby="per-tool-h">
        <div className="card-head" style={{ flexWrap: 'wrap' }}>
          <h2 id="per-tool-h">Per-tool switches</h2>
          {mode === 'meta' && (
            <span className="faint hide-compact">pinned tools are listed next to the meta tools</span>
          )}
          <div className="search" style={{ maxWidth: 240 }}>
            <Search size={14} aria-hidden />
            <input
              className="input"
              placeholder="Filter tools"
              aria-label="Filter tools"
              value={q}
              onChange={(e) => setQ(e.target.value)}
            />
          </div>
        </div>
        <div className="table-wrap" style={{ maxHeight: 480, overflow: 'auto' }}>
          <table className="table" aria-label="Tools by cost">
            <thead>
              <tr>
                <th style={{ width: 44 }}>On</th>
                {mode === 'meta' && <th style={{ width: 44 }}>Pin</th>}
                <th>Tool</th>
                <th className="num">Tokens</th>
              </tr>
            </thead>
            <tbody>
              {list.map((t) => {
                const k = `${t.server}/${t.name}`;
                const pinnedNow = pinnedIds.has(t.id);
                const pinned = staged.pins[k] ?? pinnedNow;
                const on = staged.tools[k] ?? t.enabled;
                const changed =
                  (staged.tools[k] !== undefined && staged.tools[k] !== t.enabled) ||
                  staged.pins[k] !== undefined;
                const after = preview?.changed.find((c) => c.id === t.id)?.after;
                return (
                  <tr key={t.id} style={changed ? { background: 'var(--accent-soft)' } : undefined}>
                    <td>
                      <Switch
                        checked={on}
                        label={`Tool ${t.id}`}
                        onChange={(v) => {
                          const tools2 = { ...staged.tools };
                          if (v === t.enabled) {
                            delete tools2[k];
                          } else {
                            tools2[k] = v;
                          }
                          setStaged({ ...staged, tools: tools2 });
                        }}
                      />
                    </td>
                    {mode === 'meta' && (
                      <td>
                        <Switch
                          checked={pinned}
                          label={`Pin ${t.id}`}
                          onChange={(v) => {
                            const pins = { ...staged.pins };
                            if (v === pinnedNow) {
                              delete pins[k];
                            } else {
                              pins[k] = v;
                            }
                            setStaged({ ...staged, pins });
                          }}
                        />
                      </td>
                    )}
                    <td>
                      <span className="mono" style={{ fontWeight: 600 }}>
                        {t.id}
                      </span>
                      {!t.visible && t.enabled && (
                        <span className="tag" style={{ marginLeft: 6 }}>
                          hidden: {t.hiddenReason ?? 'filtered'}
                        </span>
                      )}
                      {after !== undefined && (
                        <span className="tag" style={{ marginLeft: 6 }}>
                          {after.visible
                            ? 'would show'
                            : `would hide${after.hiddenReason ? `: ${after.hiddenReason}` : ''}`}
                        </span>
                      )}
                      {t.description !== undefined && <div className="desc">{t.description}</div>}
                    </td>
                    <td className="num">{formatTokens(t.tokens)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}
