import { Loader2, RefreshCw } from 'lucide-react';

import { ErrorCallout } from '../../components/error-callout.js';
import type { WizardModel } from './use-wizard.js';

/** Looking for clients, or why that failed with a retry. */
export function ScanStep({ w }: { w: WizardModel }) {
  return (
    <div className="stack" aria-live="polite">
      {w.scanError === undefined ? (
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
          <ErrorCallout error={w.scanError} title="Could not look for clients" />
          <div className="actions">
            <button className="btn primary" onClick={() => void w.scan()}>
              <RefreshCw size={14} /> Try again
            </button>
          </div>
        </>
      )}
    </div>
  );
}
