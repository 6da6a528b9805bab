import * as Dialog from '@radix-ui/react-dialog';
import { Wand2, X } from 'lucide-react';

import { ApplyStep } from './apply-step.js';
import { ClientsStep } from './clients-step.js';
import { DoneStep } from './done-step.js';
import { ApplyFooter, ClientsFooter, DoneFooter, PreviewFooter, ServersFooter } from './footers.js';
import { STEP_TITLES, STEPS } from './model.js';
import { StepList } from './parts.js';
import { PreviewStep } from './preview-step.js';
import { ScanStep } from './scan-step.js';
import { ServersStep } from './servers-step.js';
import { useWizard, type WizardModel } from './use-wizard.js';

/** The dialog's title with the steps, its close button, and the step's heading (focused on each step). */
function WizardHead({ w }: { w: WizardModel }) {
  return (
    <>
      <div className="row" style={{ alignItems: 'flex-start' }}>
        <div style={{ flex: 1, minWidth: 0 }}>
          <Dialog.Title className="row" style={{ gap: 6 }}>
            <Wand2 size={16} aria-hidden /> Set up your AI clients
          </Dialog.Title>
          <StepList index={w.stepIndex} />
        </div>
        <Dialog.Close asChild>
          <button className="btn ghost icon sm" aria-label="Close" disabled={w.applying}>
            <X size={15} />
          </button>
        </Dialog.Close>
      </div>
      <h3 ref={w.heading} tabIndex={-1} style={{ margin: 0, fontSize: 14 }}>
        <span className="sr-only">
          Step {w.stepIndex + 1} of {STEPS.length}:{' '}
        </span>
        {STEP_TITLES[w.current.id]}
      </h3>
    </>
  );
}

/** The wizard inside the dialog: the head, then the current step with its footer. */
export function Wizard({ onClose, onBusy }: { onClose: () => void; onBusy: (busy: boolean) => void }) {
  const w = useWizard(onBusy);
  const { step, detect } = w;
  return (
    <>
      <WizardHead w={w} />
      {step === 'scan' && <ScanStep w={w} />}
      {step === 'servers' && detect !== undefined && (
        <>
          <ServersStep w={w} detect={detect} />
          <ServersFooter w={w} />
        </>
      )}
      {step === 'clients' && detect !== undefined && (
        <>
          <ClientsStep w={w} />
          <ClientsFooter w={w} />
        </>
      )}
      {step === 'preview' && (
        <>
          <PreviewStep w={w} />
          <PreviewFooter w={w} />
        </>
      )}
      {step === 'apply' && (
        <>
          <ApplyStep w={w} />
          <ApplyFooter w={w} />
        </>
      )}
      {step === 'done' && (
        <>
          <DoneStep w={w} />
          <DoneFooter w={w} onClose={onClose} />
        </>
      )}
    </>
  );
}
