import { useVirtualizer, type VirtualItem } from '@tanstack/react-virtual';
import { useRef } from 'react';

import type { CallRecord } from '../../../src-shared/events.js';
import { formatDuration, formatTime } from '../../lib/format.js';
import { failureText, isBad } from './filters.js';

const ROW_HEIGHT = 44;
const ELLIPSIS = { minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' } as const;

function CallRow({ c, item }: { c: CallRecord; item: VirtualItem }) {
  return (
    <div
      className="call-row"
      role="row"
      style={{ position: 'absolute', top: 0, left: 0, right: 0, transform: `translateY(${item.start}px)` }}
    >
      <span role="cell" className="faint">
        {formatTime(c.at)}
      </span>
      <span role="cell" style={{ minWidth: 0 }}>
        <a
          href={`#/servers/${encodeURIComponent(c.server)}/calls`}
          className="mono"
          style={{ color: 'var(--text)', fontWeight: 600 }}
        >
          {c.server}
        </a>
        <span className="faint"> · </span>
        <span className="mono">{c.tool}</span>
      </span>
      <span role="cell" className="hide-compact muted" style={ELLIPSIS}>
        {c.client}
        {c.profile !== undefined && c.profile !== 'default' && <span className="faint"> · {c.profile}</span>}
      </span>
      <span role="cell" className="num">
        {formatDuration(c.durationMs)}
      </span>
      <span role="cell" style={ELLIPSIS} title={c.error}>
        {isBad(c) ? <span className="tag bad">{failureText(c)}</span> : <span className="tag ok">ok</span>}
      </span>
    </div>
  );
}

/** The matching calls, newest first, in a virtual list (only the rows in view are drawn). */
export function CallTable({ rows }: { rows: CallRecord[] }) {
  const parent = useRef<HTMLDivElement>(null);
  const v = useVirtualizer({
    count: rows.length,
    getScrollElement: () => parent.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });
  return (
    <div className="card">
      <div className="call-row call-head" aria-hidden>
        <span>Time</span>
        <span>Tool</span>
        <span className="hide-compact">Client</span>
        <span className="num">Duration</span>
        <span>Result</span>
      </div>
      <div
        ref={parent}
        style={{
          height: `min(${Math.max(rows.length, 1) * ROW_HEIGHT + 4}px, 560px, calc(100vh - 260px))`,
          overflow: 'auto',
        }}
        role="table"
        aria-label="Calls"
      >
        {rows.length === 0 ? (
          <div className="card-pad faint">No call matches these filters.</div>
        ) : (
          <div style={{ height: v.getTotalSize(), position: 'relative' }} role="rowgroup">
            {v.getVirtualItems().map((item) => {
              const c = rows[item.index] as CallRecord;
              return <CallRow key={c.id} c={c} item={item} />;
            })}
          </div>
        )}
      </div>
    </div>
  );
}
