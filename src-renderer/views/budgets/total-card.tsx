import { AlertTriangle } from 'lucide-react';

import { formatTokens } from '../../lib/format.js';
import type { Budgets } from './use-budgets.js';

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

/** What the staged changes would do, in words. */
function PreviewText({ b }: { b: Budgets }) {
  const { proposed, previewError, useLocal, changes, delta, changedTools } = b;
  if (proposed === undefined) {
    return (
      <>
        {previewError !== undefined && !useLocal
          ? `Could not preview: ${previewError}`
          : 'Working out the effect…'}
      </>
    );
  }
  return (
    <>
      With {changes} change{changes === 1 ? '' : 's'}: <b>{formatTokens(proposed)}</b> tokens (
      {(delta ?? 0) <= 0 ? '−' : '+'}
      {formatTokens(Math.abs(delta ?? 0))}), {changedTools} tool{changedTools === 1 ? '' : 's'} change
      visibility.
      {useLocal && b.local.settingsStaged && (
        <span className="faint"> The effect of mode, compaction and budget shows once applied.</span>
      )}
    </>
  );
}

function PreviewBar({ b }: { b: Budgets }) {
  return (
    <div
      className="row wrap"
      role="status"
      data-testid="budget-preview"
      style={{ padding: '8px 10px', background: 'var(--accent-soft)', borderRadius: 8 }}
    >
      <span>
        <PreviewText b={b} />
      </span>
      <span className="spacer" />
      <button className="btn sm" onClick={b.discard} disabled={b.applying}>
        Discard
      </button>
      <button className="btn primary sm" onClick={() => void b.apply()} disabled={b.applying}>
        {b.applying ? 'Applying…' : 'Apply'}
      </button>
    </div>
  );
}

/** The total context cost, its meter against the budget, the engine's warnings and the preview. */
export function TotalCard({ b }: { b: Budgets }) {
  const { report, settings, totals, currentBudget } = b;
  return (
    <section className="card card-pad stack" aria-label="Total context cost" style={{ gap: 10 }}>
      <div className="row wrap" style={{ alignItems: 'baseline' }}>
        <span style={{ fontSize: 26, fontWeight: 600, letterSpacing: '-0.02em' }} data-testid="budget-total">
          {formatTokens(b.current)}
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
      <Meter value={b.current} preview={b.proposed} max={currentBudget} />
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
      {b.changes > 0 && <PreviewBar b={b} />}
    </section>
  );
}
