import { ChevronDown, ChevronRight, Wrench } from 'lucide-react';
import { Fragment, useMemo, useState } from 'react';

import type { ToolSummary } from '../../../src-shared/api/schemas.js';
import type { ToolTrust } from '../../../src-shared/api/trust.js';
import { setToolEnabled } from '../../api/actions.js';
import { useEngine } from '../../api/context.js';
import { EmptyState } from '../../components/empty-state.js';
import { Switch } from '../../components/switch.js';
import { formatTokens } from '../../lib/format.js';
import { useTools } from '../../stores/tools.js';
import { FindingTag, useServerFindings } from '../tool-review.js';
import { hiddenLabel, toolParameters } from './tool-text.js';

interface ToolRowProps {
  name: string;
  tool: ToolSummary;
  trust: ToolTrust | undefined;
  pending: boolean;
  isOpen: boolean;
  onToggle: () => void;
  onTry: (tool: string) => void;
}

/** One tool: its switch, name (opens its details), why it is hidden, findings, tokens and Try. */
function ToolRow({ name, tool: t, trust, pending, isOpen, onToggle, onTry }: ToolRowProps) {
  const link = useEngine();
  const hidden = hiddenLabel(t);
  return (
    <tr data-tool={t.name}>
      <td>
        <Switch
          checked={t.enabled}
          disabled={pending}
          label={`Tool ${t.name}`}
          onChange={(on) => void setToolEnabled(link, name, t.name, on)}
        />
      </td>
      <td>
        <button
          className="btn ghost sm"
          style={{ padding: 0, height: 'auto', color: 'var(--text)' }}
          aria-expanded={isOpen}
          onClick={onToggle}
        >
          {isOpen ? <ChevronDown size={13} /> : <ChevronRight size={13} />}
          <span className="mono" style={{ fontWeight: 600 }}>
            {t.name}
          </span>
        </button>
        {hidden !== undefined && (
          <span className="tag" style={{ marginLeft: 6 }}>
            {hidden}
          </span>
        )}
        {(trust?.findings ?? []).map((f, i) => (
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
  );
}

/** An opened tool: its full description, the name clients see, its parameters and input schema. */
function ToolDetails({ tool: t }: { tool: ToolSummary }) {
  return (
    <tr>
      <td />
      <td colSpan={3}>
        <div className="stack">
          {t.description !== undefined && <div style={{ whiteSpace: 'pre-wrap' }}>{t.description}</div>}
          <div className="faint">
            Exposed to clients as <code>{t.id}</code>. Parameters: {toolParameters(t)}
          </div>
          {t.inputSchema !== undefined && (
            <div className="code">{JSON.stringify(t.inputSchema, null, 2)}</div>
          )}
        </div>
      </td>
    </tr>
  );
}

/** The server's tools with their switches; a tool's row opens to its details. */
export function ToolsTable({ name, onTry }: { name: string; onTry: (tool: string) => void }) {
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
          {tools.map((t) => (
            <Fragment key={t.id}>
              <ToolRow
                name={name}
                tool={t}
                trust={trust[t.name]}
                pending={pending[`${name}/${t.name}`] === true}
                isOpen={open === t.name}
                onToggle={() => setOpen(open === t.name ? undefined : t.name)}
                onTry={onTry}
              />
              {open === t.name && <ToolDetails tool={t} />}
            </Fragment>
          ))}
        </tbody>
      </table>
    </div>
  );
}
