import { RefreshCw } from 'lucide-react';

import { scanClients } from '../../stores/clients.js';
import { Footer } from './parts.js';
import type { WizardModel } from './use-wizard.js';

export function ServersFooter({ w }: { w: WizardModel }) {
  const n = w.chosenServers.length;
  return (
    <Footer>
      <button className="btn" onClick={() => void w.scan()}>
        <RefreshCw size={14} /> Scan again
      </button>
      <span className="spacer" />
      <button
        className="btn primary"
        disabled={Object.keys(w.nameProblems).length > 0 || Object.keys(w.secretProblems).length > 0}
        onClick={() => w.setStep('clients')}
      >
        {n === 0 ? 'Skip import' : `Next: import ${n}`}
      </button>
    </Footer>
  );
}

export function ClientsFooter({ w }: { w: WizardModel }) {
  return (
    <Footer>
      <button className="btn" onClick={() => w.setStep('servers')}>
        Back
      </button>
      <span className="spacer" />
      <button
        className="btn primary"
        disabled={w.targets.length === 0 && w.chosenServers.length === 0}
        onClick={() => void w.loadPreviews()}
      >
        Preview changes
      </button>
    </Footer>
  );
}

export function PreviewFooter({ w }: { w: WizardModel }) {
  return (
    <Footer>
      <button className="btn" onClick={() => w.setStep('clients')}>
        Back
      </button>
      <span className="spacer" />
      <button
        className="btn primary"
        disabled={Object.values(w.previews).some((p) => p.state === 'loading')}
        onClick={() => void w.apply()}
      >
        Apply
      </button>
    </Footer>
  );
}

export function ApplyFooter({ w }: { w: WizardModel }) {
  return (
    <Footer>
      <span className="spacer" />
      <button
        className="btn primary"
        disabled={w.applying}
        onClick={() => {
          // Scan again: a client restarted meanwhile shows as seen.
          void scanClients(w.link);
          w.setStep('done');
        }}
      >
        Next
      </button>
    </Footer>
  );
}

export function DoneFooter({ w, onClose }: { w: WizardModel; onClose: () => void }) {
  return (
    <Footer>
      <button className="btn" onClick={() => void w.scan()}>
        Start over
      </button>
      <span className="spacer" />
      <button className="btn primary" onClick={onClose}>
        Finish
      </button>
    </Footer>
  );
}
