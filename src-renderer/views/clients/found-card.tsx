import { CheckCircle2, Download } from 'lucide-react';

import type { ClientsDetect } from '../../../src-shared/api/clients.js';
import { commandLine } from '../../lib/catalog.js';
import { sourceNames } from './found.js';
import type { ClientsModel } from './use-clients-view.js';

type Found = ClientsDetect['servers'][number];

function FoundRow({ m, data, s }: { m: ClientsModel; data: ClientsDetect; s: Found }) {
  return (
    <tr>
      <td style={{ width: 32 }}>
        {s.inGateway === undefined ? (
          <input
            type="checkbox"
            aria-label={`Import ${s.suggestedName}`}
            checked={m.picked[s.id] ?? true}
            onChange={(e) => m.setPicked({ ...m.picked, [s.id]: e.target.checked })}
          />
        ) : (
          <CheckCircle2 size={15} style={{ color: 'var(--green)' }} aria-label="already in the gateway" />
        )}
      </td>
      <td>
        <b>{s.suggestedName}</b>{' '}
        {s.inGateway !== undefined && <span className="tag ok">in the gateway as {s.inGateway}</span>}
        {s.secrets.length > 0 && (
          <span className="tag" style={{ marginLeft: 4 }}>
            has secrets
          </span>
        )}
        <div className="mono faint" style={{ overflowWrap: 'anywhere' }}>
          {commandLine(s.config as Parameters<typeof commandLine>[0])}
        </div>
        <div className="faint">from {sourceNames(data, s)}</div>
      </td>
    </tr>
  );
}

/** The servers the clients use, ticked for import unless already in the gateway. */
export function FoundCard({ m, data }: { m: ClientsModel; data: ClientsDetect }) {
  return (
    <section className="card" aria-labelledby="found-h">
      <div className="card-head">
        <Download size={16} aria-hidden />
        <h2 id="found-h">Servers found in your clients</h2>
        {m.importable.length > 0 && (
          <button
            className="btn primary sm"
            disabled={m.busy || m.chosen.length === 0}
            onClick={() => void m.doImport()}
          >
            Import {m.chosen.length}
          </button>
        )}
      </div>
      {data.servers.length === 0 ? (
        <div className="card-pad faint">No client on this computer has MCP servers configured yet.</div>
      ) : (
        <table className="table" aria-label="Servers found">
          <tbody>
            {data.servers.map((s) => (
              <FoundRow key={s.id} m={m} data={data} s={s} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
