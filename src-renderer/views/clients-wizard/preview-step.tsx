import { AlertTriangle } from 'lucide-react';

import { DiffView } from '../../components/diff-view.js';
import type { ClientReport } from '../../stores/clients.js';
import { gatewayName, type Preview } from './model.js';
import { ClientError } from './parts.js';
import type { WizardModel } from './use-wizard.js';

/** One client's planned changes: a diff per file and the plan's warnings. */
function ClientChanges({ c, p }: { c: ClientReport; p: Preview }) {
  return (
    <section className="stack" style={{ gap: 6 }} aria-label={`${c.name} changes`}>
      <h4 style={{ margin: 0, fontSize: 13 }}>{c.name}</h4>
      {p.state === 'loading' && <div className="skeleton" style={{ width: '60%' }} />}
      {p.state === 'error' && <ClientError client={c} error={p.error} action="previewed" />}
      {p.state === 'ready' && (
        <>
          {p.plan.files.map((f) => (
            <DiffView key={f.file} file={f.file} diff={f.diff} changed={f.changed} exists={f.exists} />
          ))}
          {p.plan.warnings.map((w) => (
            <div className="callout warn" key={w}>
              <AlertTriangle size={16} aria-hidden />
              <div>{w}</div>
            </div>
          ))}
        </>
      )}
    </section>
  );
}

/** What the import and each client's files will get, before anything is written. */
export function PreviewStep({ w }: { w: WizardModel }) {
  const { targets, previews } = w;
  const serverCount = w.chosenServers.length;
  const names = w.chosenServers.map((s) => gatewayName(s, w.names));
  return (
    <div className="stack" style={{ gap: 12 }}>
      <div className="muted">
        {serverCount > 0
          ? `Import ${serverCount} server${serverCount === 1 ? '' : 's'} into the gateway: ${names.join(', ')}.`
          : 'No servers will be imported.'}{' '}
        {targets.length > 0
          ? 'Then these files change. Nothing is written until you press Apply.'
          : 'No client will be changed.'}
      </div>
      {targets.map((c) => (
        <ClientChanges key={c.id} c={c} p={previews[c.id] ?? { state: 'loading' }} />
      ))}
    </div>
  );
}
