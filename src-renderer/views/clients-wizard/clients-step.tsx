import type { ClientReport } from '../../stores/clients.js';
import { connectBlocker } from './model.js';
import type { WizardModel } from './use-wizard.js';

/** One client: its tick (disabled with the reason when it cannot be connected) and the file that changes. */
function ClientItem({ w, c }: { w: WizardModel; c: ClientReport }) {
  const blocker = connectBlocker(c);
  const file = c.files.find((f) => f.connectTarget && f.exists) ?? c.files.find((f) => f.connectTarget);
  return (
    <li style={{ padding: '10px 12px', borderBottom: '1px solid var(--border)' }}>
      <label
        className="row"
        style={{ alignItems: 'flex-start', cursor: blocker === undefined ? 'pointer' : 'default' }}
      >
        <input
          type="checkbox"
          style={{ marginTop: 3 }}
          checked={w.chosenClients[c.id] === true}
          disabled={blocker !== undefined}
          onChange={(e) => w.setChosenClients({ ...w.chosenClients, [c.id]: e.target.checked })}
          aria-describedby={`client-${c.id}-desc`}
        />
        <span style={{ flex: 1, minWidth: 0 }}>
          <span className="row wrap" style={{ gap: 6 }}>
            <b>{c.name}</b>
            {c.connected && <span className="tag ok">already connected</span>}
            {!c.installed && c.hasConfig && <span className="tag">config only</span>}
          </span>
          <span
            id={`client-${c.id}-desc`}
            className={blocker === undefined ? 'mono faint' : 'err-text'}
            style={{ display: 'block', fontSize: 12, overflowWrap: 'anywhere' }}
          >
            {blocker ?? (file === undefined ? '' : `${file.file}${file.exists ? '' : ' (will be created)'}`)}
          </span>
          {blocker !== undefined && <span className="sr-only">Cannot be connected.</span>}
        </span>
      </label>
    </li>
  );
}

/** The clients to point at the gateway, and whether to remove the imported servers from them. */
export function ClientsStep({ w }: { w: WizardModel }) {
  const importing = w.chosenServers.length;
  if (w.clients.length === 0) {
    return (
      <div className="card card-pad muted">
        No AI client was found on this computer. Install Claude Desktop, Cursor, VS Code or another MCP
        client, then scan again.
      </div>
    );
  }
  return (
    <div className="stack" style={{ gap: 10 }}>
      <ul
        className="card list"
        aria-label="Clients to connect"
        style={{ listStyle: 'none', margin: 0, padding: 0 }}
      >
        {w.clients.map((c) => (
          <ClientItem key={c.id} w={w} c={c} />
        ))}
      </ul>
      <label className="checkbox" style={{ alignItems: 'flex-start' }}>
        <input
          type="checkbox"
          style={{ marginTop: 3 }}
          checked={w.removeImported}
          onChange={(e) => w.setRemoveImported(e.target.checked)}
        />
        <span>
          Remove the imported servers from these clients
          <span className="help" style={{ display: 'block' }}>
            {importing === 0
              ? 'No servers are being imported, so nothing would be removed.'
              : 'They then run once, in the gateway, instead of once per client. Restore puts them back.'}
          </span>
        </span>
      </label>
      <div className="help">
        Every file is backed up before it changes. Restore from the client list at any time puts back the
        original, byte for byte.
      </div>
    </div>
  );
}
