import { RefreshCw, Wand2 } from 'lucide-react';

import { ErrorCallout } from '../components/error-callout.js';
import { ClientList } from './clients/client-list.js';
import { ConnectDialog } from './clients/connect-dialog.js';
import { FoundCard } from './clients/found-card.js';
import { useClientsView } from './clients/use-clients-view.js';
import { BackupsCard } from './clients-backups.js';
import { ProfilesCard } from './clients-profiles.js';
import { TokensCard } from './clients-tokens.js';
import { ClientsWizard } from './clients-wizard.js';

/** The AI apps on this computer, their servers, client tokens, profiles and backups. */
export function ClientsView() {
  const m = useClientsView();
  const { data, error } = m;
  return (
    <div className="page">
      <div className="page-head">
        <div style={{ flex: 1 }}>
          <h1 tabIndex={-1}>Clients</h1>
          <div className="page-sub">
            The AI apps on this computer: bring their servers into the gateway, then point them at it.
          </div>
        </div>
        <button className="btn" onClick={m.load} aria-label="Scan again">
          <RefreshCw size={14} /> <span className="hide-compact">Scan again</span>
        </button>
        <button className="btn primary" onClick={() => m.setWizard(true)}>
          <Wand2 size={14} /> Set up clients…
        </button>
      </div>
      {error !== undefined && <ErrorCallout error={error} title="Could not look for clients" />}
      {data === undefined && error === undefined && (
        <div className="card card-pad stack">
          <div className="skeleton" style={{ width: '40%' }} />
          <div className="skeleton" style={{ width: '70%' }} />
        </div>
      )}
      {data !== undefined && (
        <>
          <FoundCard m={m} data={data} />
          <ClientList m={m} data={data} />
          <TokensCard />
          <ProfilesCard />
          <BackupsCard detect={data} />
        </>
      )}
      <ClientsWizard open={m.wizard} onOpenChange={m.onWizard} />
      {m.connecting !== undefined && (
        <ConnectDialog
          client={m.connecting}
          onClose={() => m.setConnecting(undefined)}
          onDone={() => {
            m.setConnecting(undefined);
            m.load();
          }}
        />
      )}
    </div>
  );
}
