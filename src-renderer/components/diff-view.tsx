import { FileDiff, FilePlus2 } from 'lucide-react';
import type { CSSProperties } from 'react';

import { type DiffLineKind, diffLines } from '../../src-shared/unified-diff.js';

const LINE_STYLE: Record<DiffLineKind, CSSProperties> = {
  add: { background: 'var(--green-soft)', color: 'var(--text)', boxShadow: 'inset 3px 0 0 var(--green)' },
  del: { background: 'var(--red-soft)', color: 'var(--text)', boxShadow: 'inset 3px 0 0 var(--red)' },
  hunk: { color: 'var(--blue)', background: 'var(--blue-soft)' },
  meta: { color: 'var(--text-3)', fontStyle: 'italic' },
  same: { color: 'var(--text-2)' },
};

/**
 * One file's change as a person reads it: the path, whether the file is new, and the unified diff
 * with added lines green and removed lines red (the +/- stays in the text for screen readers and
 * colour-blind readers). An unchanged file says so instead of showing an empty box.
 */
export function DiffView({
  file,
  diff,
  changed,
  exists = true,
}: {
  file: string;
  diff: string;
  changed: boolean;
  exists?: boolean;
}) {
  const lines = changed ? diffLines(diff) : [];
  const added = lines.filter((l) => l.kind === 'add').length;
  const removed = lines.filter((l) => l.kind === 'del').length;
  return (
    <figure
      className="card"
      style={{ margin: 0, overflow: 'hidden' }}
      aria-label={`Changes to ${file}`}
      data-testid="file-diff"
    >
      <figcaption
        className="row wrap"
        style={{
          padding: '8px 12px',
          borderBottom: changed ? '1px solid var(--border)' : 0,
          background: 'var(--bg-sunken)',
        }}
      >
        {exists ? <FileDiff size={14} aria-hidden /> : <FilePlus2 size={14} aria-hidden />}
        <span className="mono" style={{ fontSize: 12, overflowWrap: 'anywhere', flex: 1, minWidth: 0 }}>
          {file}
        </span>
        {!changed ? (
          <span className="tag">no change</span>
        ) : (
          <>
            {!exists && <span className="tag">new file</span>}
            {added > 0 && (
              <span className="tag ok" aria-label={`${added} lines added`}>
                +{added}
              </span>
            )}
            {removed > 0 && (
              <span className="tag bad" aria-label={`${removed} lines removed`}>
                −{removed}
              </span>
            )}
          </>
        )}
      </figcaption>
      {changed && (
        <pre
          className="code"
          style={{ margin: 0, border: 0, borderRadius: 0, padding: '6px 0', maxHeight: 280 }}
          tabIndex={0}
          aria-label={`Diff of ${file}`}
        >
          {lines.map((l, i) => (
            <div
              key={i}
              data-kind={l.kind}
              style={{ ...LINE_STYLE[l.kind], padding: '0 12px', minHeight: 18 }}
            >
              {l.text === '' ? ' ' : l.text}
            </div>
          ))}
        </pre>
      )}
      {!changed && (
        <div className="help" style={{ padding: '6px 12px 8px' }}>
          Already set up: this file stays as it is.
        </div>
      )}
    </figure>
  );
}
