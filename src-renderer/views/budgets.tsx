import { Gauge, Search } from 'lucide-react';
import { useMemo, useState } from 'react';
import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip as ChartTooltip, XAxis, YAxis } from 'recharts';

import * as routes from '../../src-shared/api/routes.js';
import type { ToolSummary } from '../../src-shared/api/schemas.js';
import { setToolEnabled } from '../api/actions.js';
import { useEngine } from '../api/context.js';
import { EmptyState } from '../components/empty-state.js';
import { Switch } from '../components/switch.js';
import { toast, toastError } from '../components/toaster.js';
import { formatTokens } from '../lib/format.js';
import { useThemeColors } from '../lib/use-theme-colors.js';
import { useSettings } from '../stores/settings.js';
import { useTools } from '../stores/tools.js';

function Meter({ value, preview, max }: { value: number; preview: number | undefined; max: number | undefined }) {
  const scale = Math.max(max ?? 0, value, preview ?? 0, 1);
  const shown = preview ?? value;
  return (
    <div className={`meter${max !== undefined && shown > max ? ' over' : ''}`} role="meter" aria-valuemin={0} aria-valuemax={scale} aria-valuenow={shown} aria-label="Context tokens">
      <span style={{ width: `${(Math.min(shown, value) / scale) * 100}%` }} />
      {preview !== undefined && preview < value && <span className="preview" style={{ width: `${((value - preview) / scale) * 100}%` }} />}
      {preview !== undefined && preview > value && <span style={{ width: `${((preview - value) / scale) * 100}%`, opacity: 0.5 }} />}
    </div>
  );
}

function GlobalSwitches() {
  const link = useEngine();
  const settings = useSettings((s) => s.settings);
  const totals = useTools((s) => s.totals);
  const [budget, setBudget] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  if (settings === undefined) {
    return null;
  }
  const patch = async (body: Record<string, unknown>, done: string): Promise<void> => {
    setBusy(true);
    try {
      const r = await link.api.call(routes.updateSettings, { body });
      useSettings.setState({ settings: r.settings, restartRequired: r.restartRequired });
      link.refresh(['tools', 'servers', 'health']);
      toast({ kind: 'success', title: done });
    } catch (err) {
      toastError('The change was not saved', err);
    } finally {
      setBusy(false);
    }
  };
  const budgetValue = budget ?? (settings.maxTokens !== undefined ? String(settings.maxTokens) : '');
  return (
    <section className="card" aria-labelledby="switches-h">
      <div className="card-head">
        <h2 id="switches-h">What clients see</h2>
      </div>
      <div className="card-pad stack" style={{ gap: 16 }}>
        <div className="row" style={{ alignItems: 'flex-start', gap: 12 }}>
          <Switch
            id="sw-meta"
            checked={settings.mode === 'meta'}
            disabled={busy}
            label="Meta mode"
            onChange={(on) => void patch({ mode: on ? 'meta' : 'all' }, on ? 'Meta mode is on' : 'Meta mode is off')}
          />
          <div>
            <label htmlFor="sw-meta" style={{ fontWeight: 600 }}>
              Meta mode
            </label>
            <div className="muted">
              Clients see a few search-and-invoke tools (plus pinned ones) instead of {totals.visible} tool definitions; the model searches for what it needs.
            </div>
          </div>
        </div>
        <div className="row" style={{ alignItems: 'flex-start', gap: 12 }}>
          <Switch
            id="sw-compact"
            checked={settings.compaction}
            disabled={busy}
            label="Compaction"
            onChange={(on) => void patch({ compaction: on }, on ? 'Compaction is on' : 'Compaction is off')}
          />
          <div>
            <label htmlFor="sw-compact" style={{ fontWeight: 600 }}>
              Compaction
            </label>
            <div className="muted">Shortens descriptions and schemas without changing what tools accept.</div>
          </div>
        </div>
        <form
          className="field"
          style={{ maxWidth: 360 }}
          onSubmit={(e) => {
            e.preventDefault();
            const t = budgetValue.trim();
            if (t !== '' && !/^[1-9]\d*$/.test(t)) {
              toast({ kind: 'error', title: 'The budget must be a whole number of tokens, or empty for no budget.' });
              return;
            }
            void patch({ maxTokens: t === '' ? null : Number(t) }, t === '' ? 'Token budget removed' : `Token budget set to ${Number(t).toLocaleString('en-US')}`).then(() => setBudget(undefined));
          }}
        >
          <label htmlFor="budget">Token budget (all servers)</label>
          <div className="row">
            <input id="budget" className="input" inputMode="numeric" placeholder="No budget" value={budgetValue} onChange={(e) => setBudget(e.target.value)} />
            <button className="btn" type="submit" disabled={busy || budget === undefined}>
              Save
            </button>
          </div>
          <span className="help">Past the budget, the costliest tools are hidden until the total fits.</span>
        </form>
      </div>
    </section>
  );
}

export function BudgetsView() {
  const link = useEngine();
  const colors = useThemeColors();
  const tools = useTools((s) => s.tools);
  const totals = useTools((s) => s.totals);
  const loaded = useTools((s) => s.loaded);
  const maxTokens = useSettings((s) => s.settings?.maxTokens);
  const [q, setQ] = useState('');
  // Staged per-tool switches: their effect is shown before they are applied.
  const [staged, setStaged] = useState<Record<string, boolean>>({});
  const [applying, setApplying] = useState(false);

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
  const topTools = useMemo(() => tools.filter((t) => t.visible).sort((a, b) => b.tokens - a.tokens).slice(0, 12).map((t) => ({ name: t.id, tokens: t.tokens })), [tools]);
  const list = useMemo(() => {
    const ql = q.toLowerCase();
    return tools.filter((t) => ql === '' || t.id.toLowerCase().includes(ql) || (t.description ?? '').toLowerCase().includes(ql)).sort((a, b) => b.tokens - a.tokens);
  }, [tools, q]);

  const key = (t: ToolSummary): string => `${t.server}/${t.name}`;
  const changes = tools.filter((t) => staged[key(t)] !== undefined && staged[key(t)] !== t.enabled);
  // Switching on a tool hidden only because it was disabled makes it visible; other hidden reasons stay.
  const delta = changes.reduce((n, t) => n + (staged[key(t)] === true ? (t.visible ? 0 : t.tokens) : t.visible ? -t.tokens : 0), 0);
  const preview = changes.length > 0 ? totals.visibleTokens + delta : undefined;

  const apply = async (): Promise<void> => {
    setApplying(true);
    for (const t of changes) {
      await setToolEnabled(link, t.server, t.name, staged[key(t)] === true);
    }
    setStaged({});
    setApplying(false);
  };

  if (loaded && tools.length === 0) {
    return (
      <div className="page">
        <div className="page-head">
          <h1 tabIndex={-1}>Budgets</h1>
        </div>
        <div className="card">
          <EmptyState icon={Gauge} title="No tools to measure yet">
            Every tool definition a client loads costs context tokens. Add a server and its tools, with their cost, appear here.
          </EmptyState>
        </div>
      </div>
    );
  }

  return (
    <div className="page">
      <div className="page-head">
        <div style={{ flex: 1 }}>
          <h1 tabIndex={-1}>Budgets</h1>
          <div className="page-sub">How much of the model’s context your tool definitions take, and what to trim.</div>
        </div>
      </div>
      <section className="card card-pad stack" aria-label="Total context cost" style={{ gap: 10 }}>
        <div className="row" style={{ alignItems: 'baseline' }}>
          <span style={{ fontSize: 26, fontWeight: 600, letterSpacing: '-0.02em' }} data-testid="budget-total">
            {formatTokens(totals.visibleTokens)}
          </span>
          <span className="muted">tokens in {totals.visible} tool definitions clients see</span>
          <span className="spacer" />
          <span className="muted">{maxTokens !== undefined ? `budget ${formatTokens(maxTokens)}` : 'no budget set'}</span>
        </div>
        <Meter value={totals.visibleTokens} preview={preview} max={maxTokens} />
        {preview !== undefined && (
          <div className="row wrap" role="status" data-testid="budget-preview">
            <span>
              After these changes: <b>{formatTokens(preview)}</b> tokens ({delta <= 0 ? '−' : '+'}
              {formatTokens(Math.abs(delta))}), {changes.length} tool{changes.length === 1 ? '' : 's'} switched.
            </span>
            <span className="spacer" />
            <button className="btn sm" onClick={() => setStaged({})} disabled={applying}>
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
          </div>
          <div className="card-pad" style={{ height: Math.max(140, byServer.length * 34 + 40) }}>
            <ResponsiveContainer width="100%" height="100%">
              <BarChart data={byServer} layout="vertical" margin={{ left: 8, right: 16, top: 4, bottom: 4 }}>
                <CartesianGrid horizontal={false} stroke={colors.border} />
                <XAxis type="number" tick={{ fill: colors.text3, fontSize: 11 }} stroke={colors.border} />
                <YAxis type="category" dataKey="server" width={110} tickFormatter={(v: string) => (v.length > 15 ? `${v.slice(0, 14)}…` : v)} tick={{ fill: colors.text2, fontSize: 12 }} stroke={colors.border} />
                <ChartTooltip cursor={{ fill: colors.accentSoft }} contentStyle={{ background: colors.bgElev, border: `1px solid ${colors.border}`, borderRadius: 8, fontSize: 12 }} />
                <Bar dataKey="visible" name="visible tokens" stackId="a" fill={colors.accent} radius={[0, 0, 0, 0]} />
                <Bar dataKey="hidden" name="hidden tokens" stackId="a" fill={colors.border} radius={[0, 4, 4, 0]} />
              </BarChart>
            </ResponsiveContainer>
          </div>
        </section>
        <section className="card" aria-labelledby="by-tool-h">
          <div className="card-head">
            <h2 id="by-tool-h">Costliest tools</h2>
          </div>
          <div className="card-pad" style={{ height: Math.max(140, topTools.length * 26 + 40) }}>
            <ResponsiveContainer width="100%" height="100%">
              <BarChart data={topTools} layout="vertical" margin={{ left: 8, right: 16, top: 4, bottom: 4 }}>
                <CartesianGrid horizontal={false} stroke={colors.border} />
                <XAxis type="number" tick={{ fill: colors.text3, fontSize: 11 }} stroke={colors.border} />
                <YAxis type="category" dataKey="name" width={170} tick={{ fill: colors.text2, fontSize: 11 }} stroke={colors.border} tickFormatter={(v: string) => (v.length > 26 ? `${v.slice(0, 25)}…` : v)} />
                <ChartTooltip cursor={{ fill: colors.accentSoft }} contentStyle={{ background: colors.bgElev, border: `1px solid ${colors.border}`, borderRadius: 8, fontSize: 12 }} />
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
      <GlobalSwitches />
      <section className="card" aria-labelledby="per-tool-h">
        <div className="card-head" style={{ flexWrap: 'wrap' }}>
          <h2 id="per-tool-h">Per-tool switches</h2>
          <div className="search" style={{ maxWidth: 240 }}>
            <Search size={14} aria-hidden />
            <input className="input" placeholder="Filter tools" aria-label="Filter tools" value={q} onChange={(e) => setQ(e.target.value)} />
          </div>
        </div>
        <div className="table-wrap" style={{ maxHeight: 480, overflow: 'auto' }}>
          <table className="table" aria-label="Tools by cost">
            <thead>
              <tr>
                <th style={{ width: 44 }}>On</th>
                <th>Tool</th>
                <th className="num">Tokens</th>
              </tr>
            </thead>
            <tbody>
              {list.map((t) => {
                const on = staged[key(t)] ?? t.enabled;
                const changed = staged[key(t)] !== undefined && staged[key(t)] !== t.enabled;
                return (
                  <tr key={t.id} style={changed ? { background: 'var(--accent-soft)' } : undefined}>
                    <td>
                      <Switch checked={on} label={`Tool ${t.id}`} onChange={(v) => setStaged({ ...staged, [key(t)]: v })} />
                    </td>
                    <td>
                      <span className="mono" style={{ fontWeight: 600 }}>{t.id}</span>
                      {!t.visible && t.enabled && <span className="tag" style={{ marginLeft: 6 }}>hidden: {t.hiddenReason ?? 'filtered'}</span>}
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
