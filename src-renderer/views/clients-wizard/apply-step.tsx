import { Lock } from 'lucide-react';

import { ErrorCallout } from '../../components/error-callout.js';
import type { ClientReport } from '../../stores/clients.js';
import { importLine, type ImportOutcome, type Outcome, outcomeLine } from './model.js';
import { ClientError, ResultLine } from './parts.js';
import type { WizardModel } from './use-wizard.js';

const ROW = { padding: '10px 12px', borderBottom: '1px solid var(--border)' };

/** The import's result: added, skipped, waiting for approval, secrets kept or not. */
function ImportResult({ o }: { o: ImportOutcome }) {
  return (
    <li style={ROW} aria-label="Import">
      <ResultLine state={o.state === 'ok' ? 'ok' : o.state === 'error' ? 'error' : 'running'}>
        {importLine(o)}
      </ResultLine>
      {o.skipped !== undefined && o.skipped.length > 0 && (
        <div className="help">Skipped: {o.skipped.join('; ')}</div>
      )}
      {o.pending !== undefined && o.pending.length > 0 && (
        <div className="help" data-testid="import-pending">
          Waiting for your approval before they run: {o.pending.join(', ')}. Open each in Servers to see what
          it runs and approve it.
        </div>
      )}
      {o.kept !== undefined && o.kept.length > 0 && (
        <div className="help">
          <Lock size={11} aria-hidden /> Kept in the secret store: {o.kept.join('; ')}
        </div>
      )}
      {o.keepErrors?.map((k) => (
        <ErrorCallout
          key={k.what}
          error={k.error}
          title={`${k.what} stays in the config file: it could not be moved to the secret store`}
        />
      ))}
      {o.state === 'error' && <ErrorCallout error={o.error} />}
    </li>
  );
}

function ClientResult({ c, o, onRetry }: { c: ClientReport; o: Outcome; onRetry: () => void }) {
  return (
    <li style={ROW} aria-label={c.name} data-testid="apply-result">
      <ResultLine state={o.state}>{outcomeLine(c.name, o)}</ResultLine>
      {o.state === 'ok' && <div className="help">{o.reloadHint}</div>}
      {o.state === 'error' && <ClientError client={c} error={o.error} action="connected" onRetry={onRetry} />}
    </li>
  );
}

/** Results as they come: the import first, then each client in turn (a failed one can be retried). */
export function ApplyStep({ w }: { w: WizardModel }) {
  return (
    <ul
      className="card list"
      aria-label="Results"
      aria-live="polite"
      style={{ listStyle: 'none', margin: 0, padding: 0 }}
    >
      {w.importOutcome.state !== 'skipped' && <ImportResult o={w.importOutcome} />}
      {w.targets.map((c) => (
        <ClientResult
          key={c.id}
          c={c}
          o={w.outcomes[c.id] ?? { state: 'waiting' }}
          onRetry={() => void w.connectOne(c)}
        />
      ))}
    </ul>
  );
}
