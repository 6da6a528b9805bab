import * as Dialog from '@radix-ui/react-dialog';
import { useState } from 'react';

import { Wizard } from './clients-wizard/wizard.js';

/**
 * The first-run path in one dialog: find the AI clients on this computer, bring their servers into
 * the gateway, show exactly what will change in each client's files, then point them at the
 * gateway. Nothing is written before Apply; every file is backed up before it changes.
 */
export function ClientsWizard({
  open,
  onOpenChange,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  // While files are being written the dialog stays open, so every result is seen.
  const [busy, setBusy] = useState(false);
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="overlay" />
        <Dialog.Content
          className="dialog"
          style={{
            width: 'min(820px, calc(100vw - 16px))',
            maxHeight: 'calc(100vh - 16px)',
            padding: 16,
            gap: 12,
          }}
          aria-describedby={undefined}
          onInteractOutside={(e) => e.preventDefault()}
          onEscapeKeyDown={(e) => {
            if (busy) {
              e.preventDefault();
            }
          }}
        >
          {open && <Wizard onClose={() => onOpenChange(false)} onBusy={setBusy} />}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
