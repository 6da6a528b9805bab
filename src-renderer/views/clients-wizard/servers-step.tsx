import { AlertTriangle, Lock } from 'lucide-react';

import type { ClientsDetect } from '../../../src-shared/api/clients.js';
import { visibleClients } from '../../stores/clients.js';
import { ServerRow } from './server-row.js';
import type { WizardModel } from './use-wizard.js';
import type { SecretStoreInfo } from './use-wizard-scan.js';

/** Client files that cannot be read: their servers are not listed. */
function UnreadableFiles({ detect }: { detect: ClientsDetect }) {
  const unreadable = visibleClients(detect).flatMap((c) =>
    c.files.filter((f) => f.problem !== undefined).map((f) => ({ client: c.name, file: f })),
  );
  return unreadable.map(({ client, file }) => (
    <div className="callout warn" key={file.file} role="note">
      <AlertTriangle size={16} aria-hidden />
      <div>
        <div className="title">
          {client}: {file.file} cannot be read
          {file.problem?.line === undefined
            ? ''
            : ` (line ${file.problem.line}${file.problem.column === undefined ? '' : `, column ${file.problem.column}`})`}
        </div>
        <div>
          {file.problem?.message}. Its servers are not listed, and the gateway will not write to it. Fix it by
          hand, then scan again.
        </div>
      </div>
    </div>
  ));
}

/** "Choose all" covers clients' own settings; project-file servers are ticked one by one. */
function ChooseAll({ w }: { w: WizardModel }) {
  const { servers, picked } = w;
  const own = servers.filter((s) => s.scope === 'user');
  const all = own.length > 0 && own.every((s) => picked[s.id] === true);
  const some = servers.some((s) => picked[s.id] === true);
  return (
    <input
      type="checkbox"
      aria-label="Choose all servers from clients' own settings"
      ref={(el) => {
        if (el !== null) {
          el.indeterminate = some && !all;
        }
      }}
      checked={all}
      onChange={(e) =>
        w.setPicked({ ...picked, ...Object.fromEntries(own.map((s) => [s.id, e.target.checked])) })
      }
    />
  );
}

function ServersTable({ w, detect }: { w: WizardModel; detect: ClientsDetect }) {
  const conflictOf = new Map(detect.conflicts.flatMap((c) => c.ids.map((id) => [id, c.name] as const)));
  return (
    <div className="card table-wrap">
      <table className="table" aria-label="Servers found in your clients">
        <thead>
          <tr>
            <th style={{ width: 32 }}>
              <ChooseAll w={w} />
            </th>
            <th>Server, as it will be named in the gateway</th>
          </tr>
        </thead>
        <tbody>
          {w.servers.map((s) => (
            <ServerRow key={s.id} w={w} detect={detect} s={s} conflict={conflictOf.get(s.id)} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function SecretsNote({ store }: { store: SecretStoreInfo | undefined }) {
  return (
    <div className="callout info" role="note">
      <Lock size={16} aria-hidden />
      <div className="help" style={{ marginTop: 0 }}>
        Values marked with a lock look like secrets. The gateway never shows them here; unless you choose
        otherwise they are imported as they are, into its config file (readable by you only).{' '}
        {store?.available === true ? (
          <>
            To keep one in the {store.kind === 'keychain' ? 'system keychain' : 'secret store'} instead, tick
            it and paste its value once (it is in the client&apos;s file): the config then holds{' '}
            <span className="mono">{'${secret:NAME}'}</span>.
          </>
        ) : (
          <>
            {store?.reason ?? 'There is no secret store here.'} Later you can run{' '}
            <span className="mono">mcp-gateway secrets set NAME</span> and use{' '}
            <span className="mono">{'${secret:NAME}'}</span> as the value.
          </>
        )}
      </div>
    </div>
  );
}

/** Servers already in the gateway, and entries that cannot be imported. */
function NotImported({ detect }: { detect: ClientsDetect }) {
  const already = detect.servers.filter((s) => s.inGateway !== undefined);
  const skipped = detect.clients.flatMap((c) =>
    c.files.flatMap((f) =>
      f.servers.filter((s) => s.skipped !== undefined).map((s) => ({ client: c.name, s })),
    ),
  );
  return (
    <>
      {already.length > 0 && (
        <div className="help">
          Already in the gateway:{' '}
          {already
            .map((s) => `${s.suggestedName}${s.inGateway === s.suggestedName ? '' : ` (as ${s.inGateway})`}`)
            .join(', ')}
          .
        </div>
      )}
      {skipped.length > 0 && (
        <details className="help">
          <summary>
            {skipped.length} entr{skipped.length === 1 ? 'y' : 'ies'} cannot be imported
          </summary>
          <ul style={{ margin: '4px 0 0', paddingLeft: 18 }}>
            {skipped.map(({ client, s }) => (
              <li key={`${client}:${s.location}:${s.name}`}>
                {client} · {s.name}: {s.skipped}
              </li>
            ))}
          </ul>
        </details>
      )}
    </>
  );
}

/** The servers found in the clients: which to bring into the gateway, under which names. */
export function ServersStep({ w, detect }: { w: WizardModel; detect: ClientsDetect }) {
  const anySecrets = w.servers.some((s) => w.picked[s.id] === true && s.secrets.length > 0);
  return (
    <div className="stack" style={{ gap: 10 }}>
      <UnreadableFiles detect={detect} />
      {w.servers.length === 0 ? (
        <div className="card card-pad muted">
          {detect.servers.length === 0
            ? 'No client on this computer has MCP servers configured yet. You can still point clients at the gateway in the next step.'
            : 'Every server your clients use is already in the gateway.'}
        </div>
      ) : (
        <ServersTable w={w} detect={detect} />
      )}
      {anySecrets && <SecretsNote store={w.store} />}
      <NotImported detect={detect} />
    </div>
  );
}
