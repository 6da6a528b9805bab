import * as Dialog from '@radix-ui/react-dialog';
import { useEffect, useState } from 'react';

import { type ClientPlanDto, connectClient, previewClient } from '../../../src-shared/api/clients.js';
import { useEngine } from '../../api/context.js';
import { ErrorCallout } from '../../components/error-callout.js';
import { toast } from '../../components/toaster.js';
import type { Report } from './use-clients-view.js';

/** The plan of what connecting changes in the client's files, and making the change. */
function useConnectPlan(client: Report, onDone: () => void) {
  const link = useEngine();
  const [plan, setPlan] = useState<ClientPlanDto | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    link.api
      .call(previewClient, { params: { id: client.id }, body: {} })
      .then(setPlan)
      .catch(setError);
  }, [link, client.id]);
  const connect = async (): Promise<void> => {
    setBusy(true);
    try {
      const r = await link.api.call(connectClient, { params: { id: client.id }, body: {} });
      toast({
        kind: 'success',
        title: `${client.name} now uses the gateway`,
        description: r.reloadHint,
        durationMs: 9000,
      });
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return { plan, error, busy, connect };
}

/** Preview of what connecting changes in the client's files, then the change itself. */
export function ConnectDialog({
  client,
  onClose,
  onDone,
}: {
  client: Report;
  onClose: () => void;
  onDone: () => void;
}) {
  const { plan, error, busy, connect } = useConnectPlan(client, onDone);
  return (
    <Dialog.Root open onOpenChange={(o) => !o && onClose()}>
      <Dialog.Portal>
        <Dialog.Overlay className="overlay" />
        <Dialog.Content
          className="dialog"
          style={{ width: 'min(720px, calc(100vw - 24px))' }}
          aria-describedby={undefined}
        >
          <Dialog.Title>Connect {client.name} to the gateway?</Dialog.Title>
          <p className="muted" style={{ margin: 0 }}>
            Its config gets one entry that points at the gateway. The file is backed up first; Disconnect puts
            the original back byte for byte.
          </p>
          {plan === undefined && error === undefined && <div className="skeleton" style={{ width: '60%' }} />}
          {plan?.files.map((f) => (
            <div className="field" key={f.file}>
              <span className="field-label mono">{f.file}</span>
              {f.changed ? (
                <pre className="code" data-testid="client-diff" style={{ margin: 0 }}>
                  {f.diff}
                </pre>
              ) : (
                <span className="help">Already up to date.</span>
              )}
            </div>
          ))}
          {plan?.warnings.map((w) => (
            <div className="callout warn" key={w}>
              {w}
            </div>
          ))}
          {error !== undefined && <ErrorCallout error={error} title="The change cannot be made" />}
          <div className="actions">
            <Dialog.Close asChild>
              <button className="btn">Cancel</button>
            </Dialog.Close>
            <button
              className="btn primary"
              disabled={busy || plan === undefined || !plan.changed}
              onClick={() => void connect()}
            >
              {busy ? 'Connecting…' : 'Connect'}
            </button>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
