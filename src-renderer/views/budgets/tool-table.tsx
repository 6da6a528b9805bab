import { Search } from 'lucide-react';
import { useMemo, useState } from 'react';

import type { ToolSummary } from '../../../src-shared/api/schemas.js';
import { Switch } from '../../components/switch.js';
import { formatTokens } from '../../lib/format.js';
import { filterTools } from './costs.js';
import { rowChanged, stagePin, stageTool, toolKey } from './staged.js';
import type { Budgets } from './use-budgets.js';

function ToolRow({ b, t }: { b: Budgets; t: ToolSummary }) {
  const { staged, setStaged } = b;
  const k = toolKey(t);
  const pinnedNow = b.pinnedIds.has(t.id);
  const after = b.preview?.changed.find((c) => c.id === t.id)?.after;
  return (
    <tr style={rowChanged(staged, t) ? { background: 'var(--accent-soft)' } : undefined}>
      <td>
        <Switch
          checked={staged.tools[k] ?? t.enabled}
          label={`Tool ${t.id}`}
          onChange={(v) => setStaged(stageTool(staged, t, v))}
        />
      </td>
      {b.mode === 'meta' && (
        <td>
          <Switch
            checked={staged.pins[k] ?? pinnedNow}
            label={`Pin ${t.id}`}
            onChange={(v) => setStaged(stagePin(staged, t, v, pinnedNow))}
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
}

/** Every tool by cost, with its switch (and its pin in meta mode), filtered by text. */
export function ToolTable({ b }: { b: Budgets }) {
  const [q, setQ] = useState('');
  const list = useMemo(() => filterTools(b.tools, q), [b.tools, q]);
  return (
    <section className="card" aria-labelledby="per-tool-h">
      <div className="card-head" style={{ flexWrap: 'wrap' }}>
        <h2 id="per-tool-h">Per-tool switches</h2>
        {b.mode === 'meta' && (
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
              {b.mode === 'meta' && <th style={{ width: 44 }}>Pin</th>}
              <th>Tool</th>
              <th className="num">Tokens</th>
            </tr>
          </thead>
          <tbody>
            {list.map((t) => (
              <ToolRow key={t.id} b={b} t={t} />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
