import { ShieldAlert, ShieldCheck, ShieldX } from 'lucide-react';
import { type CSSProperties, useEffect, useMemo, useState } from 'react';

import {
  approveTools,
  type Finding,
  rejectTools,
  type ReviewItem,
  serverTrust,
  type ToolTrust,
} from '../../src-shared/api/trust.js';
import { sideBySide, type SideKind } from '../../src-shared/side-by-side.js';
import { useEngine } from '../api/context.js';
import { toast, toastError } from '../components/toaster.js';
import { navigate } from '../lib/router.js';
import { useTrust } from '../stores/trust.js';

const STATUS_TEXT: Record<ReviewItem['status'], string> = {
  changed: 'Changed since you approved it',
  new: 'New since you added the server',
  flagged: 'Flagged by the description scanner',
  rejected: 'Rejected',
  approved: 'Approved',
};

const CELL: Record<SideKind, { left: CSSProperties; right: CSSProperties }> = {
  same: { left: { color: 'var(--text-2)' }, right: { color: 'var(--text-2)' } },
  change: {
    left: { background: 'var(--red-soft)', boxShadow: 'inset 3px 0 0 var(--red)' },
    right: { background: 'var(--green-soft)', boxShadow: 'inset 3px 0 0 var(--green)' },
  },
  del: { left: { background: 'var(--red-soft)', boxShadow: 'inset 3px 0 0 var(--red)' }, right: {} },
  add: { left: {}, right: { background: 'var(--green-soft)', boxShadow: 'inset 3px 0 0 var(--green)' } },
};

/** Old and new text next to each other, changed lines paired, each side marked for screen readers. */
function SideBySide({ label, before, after }: { label: string; before: string | undefined; after: string }) {
  const rows = useMemo(
    () => sideBySide(before === undefined ? '' : `${before}\n`, `${after}\n`),
    [before, after],
  );
  const cell: CSSProperties = {
    padding: '0 10px',
    whiteSpace: 'pre-wrap',
    overflowWrap: 'anywhere',
    verticalAlign: 'top',
    minHeight: 18,
  };
  return (
    <table
      className="mono"
      style={{ width: '100%', borderCollapse: 'collapse', fontSize: 12, tableLayout: 'fixed' }}
      aria-label={label}
    >
      <thead>
        <tr>
          <th style={{ textAlign: 'left', padding: '4px 10px', width: '50%' }}>
            {before === undefined ? 'Approved (nothing yet)' : 'Approved'}
          </th>
          <th style={{ textAlign: 'left', padding: '4px 10px', width: '50%' }}>Now</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r, i) => (
          <tr key={i} data-kind={r.kind}>
            <td
              style={{ ...cell, ...CELL[r.kind].left }}
              aria-label={r.kind === 'change' || r.kind === 'del' ? 'removed' : undefined}
            >
              {r.left ?? ''}
            </td>
            <td
              style={{ ...cell, ...CELL[r.kind].right }}
              aria-label={r.kind === 'change' || r.kind === 'add' ? 'added' : undefined}
            >
              {r.right ?? ''}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A scanner finding as a tag: severity, rule, and the exact text it matched on hover. */
export function FindingTag({ finding }: { finding: Finding }) {
  const cls = finding.severity === 'high' ? 'tag bad' : 'tag';
  return (
    <span
      className={cls}
      title={`${finding.message} ${finding.field} [${finding.start}–${finding.end}]: “${finding.text}”`}
      data-finding={finding.rule}
    >
      {finding.severity === 'high' ? '⚠ ' : ''}
      {finding.rule}
    </span>
  );
}

function Findings({ findings }: { findings: Finding[] }) {
  if (findings.length === 0) {
    return null;
  }
  return (
    <ul
      className="stack"
      style={{ gap: 4, margin: 0, paddingLeft: 0, listStyle: 'none' }}
      aria-label="Scanner findings"
    >
      {findings.map((f, i) => (
        <li key={i} className="row wrap" style={{ gap: 6, alignItems: 'baseline' }}>
          <span className={f.severity === 'high' ? 'tag bad' : 'tag'}>{f.severity}</span>
          <span style={{ fontWeight: 600 }}>{f.rule}</span>
          <span className="faint">
            in <code>{f.field}</code> at {f.start}–{f.end}:
          </span>
          <code style={{ overflowWrap: 'anywhere' }}>{f.text}</code>
          <span className="help" style={{ flexBasis: '100%' }}>
            {f.message}
          </span>
        </li>
      ))}
    </ul>
  );
}

function ReviewCard({
  item,
  busy,
  decide,
}: {
  item: ReviewItem;
  busy: boolean;
  decide: (verb: 'approve' | 'reject', tools: string[]) => void;
}) {
  return (
    <article
      className="card"
      style={{ overflow: 'hidden' }}
      aria-label={`Review ${item.name}`}
      data-review={item.name}
    >
      <div className="card-head row wrap" style={{ gap: 8 }}>
        <ShieldAlert size={16} aria-hidden />
        <h3 className="mono" style={{ margin: 0 }}>
          {item.name}
        </h3>
        <span className="tag">{STATUS_TEXT[item.status]}</span>
        {item.renamedFrom !== undefined && <span className="tag">was {item.renamedFrom}</span>}
        <span style={{ flex: 1 }} />
        <button className="btn sm primary" disabled={busy} onClick={() => decide('approve', [item.name])}>
          <ShieldCheck size={13} /> Approve
        </button>
        <button className="btn sm danger" disabled={busy} onClick={() => decide('reject', [item.name])}>
          <ShieldX size={13} /> Reject
        </button>
      </div>
      <div className="card-pad stack" style={{ gap: 10 }}>
        <Findings findings={item.findings} />
        <h4 style={{ margin: 0 }}>Description</h4>
        <SideBySide
          label={`Description of ${item.name}: approved and now`}
          before={item.before?.description}
          after={item.after.description}
        />
        {item.before?.schema !== item.after.schema && (
          <>
            <h4 style={{ margin: 0 }}>Schema and annotations</h4>
            <SideBySide
              label={`Schema of ${item.name}: approved and now`}
              before={item.before?.schema}
              after={item.after.schema}
            />
          </>
        )}
      </div>
    </article>
  );
}

/** Held-back tools of one server: what changed side by side, what the scanner found, and the decision. */
export function ToolReview({ name }: { name: string }) {
  const link = useEngine();
  const all = useTrust((s) => s.items);
  const items = useMemo(() => all.filter((i) => i.server === name), [all, name]);
  const [busy, setBusy] = useState(false);
  if (items.length === 0) {
    return null;
  }
  const decide = (verb: 'approve' | 'reject', tools: string[] | undefined): void => {
    setBusy(true);
    link.api
      .call(verb === 'approve' ? approveTools : rejectTools, {
        params: { name },
        body: tools === undefined ? {} : { tools },
      })
      .then((d) => {
        toast({ kind: 'success', title: d.message });
        link.refresh(['trust', 'tools', 'servers', 'context']);
      })
      .catch((err: unknown) => toastError(verb === 'approve' ? 'Not approved' : 'Not rejected', err))
      .finally(() => setBusy(false));
  };
  return (
    <section className="stack" style={{ gap: 12, padding: 12 }} aria-label="Tools waiting for review">
      <div className="callout warn" role="status">
        <ShieldAlert size={16} />
        <div style={{ flex: 1, minWidth: 0 }}>
          <div className="title">
            {items.length} tool{items.length === 1 ? '' : 's'} held back for your review
          </div>
          <div className="help">
            Clients do not see or call {items.length === 1 ? 'it' : 'them'} until you approve. Compare what
            you approved with what the server lists now.
          </div>
        </div>
        {items.length > 1 && (
          <button className="btn sm" disabled={busy} onClick={() => decide('approve', undefined)}>
            <ShieldCheck size={13} /> Approve all
          </button>
        )}
      </div>
      {items.map((item) => (
        <ReviewCard key={item.name} item={item} busy={busy} decide={decide} />
      ))}
    </section>
  );
}

/** A one-line note on the overview that tools wait for review, linking to them. */
export function ReviewNotice({ name }: { name: string }) {
  const count = useTrust((s) => s.items.filter((i) => i.server === name).length);
  if (count === 0) {
    return null;
  }
  return (
    <div className="callout warn" role="alert">
      <ShieldAlert size={16} />
      <div style={{ flex: 1 }}>
        <div className="title">
          {count} tool{count === 1 ? '' : 's'} of this server changed, {count === 1 ? 'is' : 'are'} new or
          look poisoned
        </div>
        <div className="help">Held back from clients until you review {count === 1 ? 'it' : 'them'}.</div>
      </div>
      <button className="btn sm primary" onClick={() => navigate({ view: 'server', name, tab: 'tools' })}>
        Review
      </button>
    </div>
  );
}

/** The scanner's findings per tool of a server (fetched again whenever trust changes). */
export function useServerFindings(name: string): Record<string, ToolTrust> {
  const link = useEngine();
  const version = useTrust((s) => s.version);
  const [byTool, setByTool] = useState<Record<string, ToolTrust>>({});
  useEffect(() => {
    let live = true;
    link.api
      .call(serverTrust, { params: { name } })
      .then((s) => live && setByTool(Object.fromEntries(s.tools.map((t) => [t.name, t]))))
      .catch(() => live && setByTool({}));
    return () => {
      live = false;
    };
  }, [link, name, version]);
  return byTool;
}
