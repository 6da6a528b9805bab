import { AlertTriangle } from 'lucide-react';
import { useState } from 'react';

import * as routes from '../../../src-shared/api/routes.js';
import type { ServerDetail } from '../../../src-shared/api/schemas.js';
import { useEngine } from '../../api/context.js';
import { toast, toastError } from '../../components/toaster.js';
import { type ServerRow, upsertSummary, useServers } from '../../stores/servers.js';
import { approvalCommand } from './config-edit.js';

/** Approving what is shown: the variables listed are the ones approved. */
function useApprove(name: string, variables: readonly string[] | undefined) {
  const link = useEngine();
  const [busy, setBusy] = useState(false);
  const approve = async () => {
    setBusy(true);
    try {
      const s = await link.api.call(routes.approveServer, {
        params: { name },
        body: { variables: [...(variables ?? [])] },
      });
      upsertSummary(s, Date.now());
      toast({
        title: `Approved ${name}`,
        kind: 'success',
        description: 'It starts now; the approval is kept in its config.',
      });
    } catch (err) {
      toastError(`Could not approve ${name}`, err);
    } finally {
      setBusy(false);
    }
  };
  return { busy, approve };
}

/** Where it was imported from: the client, and the project folder or the file. */
function OriginLine({ origin }: { origin: NonNullable<ServerRow['origin']> }) {
  return (
    <div style={{ overflowWrap: 'anywhere' }}>
      From {origin.client}
      {origin.project !== undefined ? (
        <>
          , project{' '}
          <span className="mono" data-testid="approval-project">
            {origin.project}
          </span>
        </>
      ) : (
        origin.file !== undefined && (
          <>
            , <span className="mono">{origin.file}</span>
          </>
        )
      )}
      .
    </div>
  );
}

/** Exactly what it would run, and the variables it wants expanded. */
function RunsAndVariables({ runs, variables }: { runs: string | undefined; variables: readonly string[] }) {
  return (
    <>
      {runs !== undefined && (
        <div style={{ overflowWrap: 'anywhere' }}>
          Runs{' '}
          <span className="mono" data-testid="approval-runs">
            {runs}
          </span>
        </div>
      )}
      {variables.length > 0 && (
        <div style={{ overflowWrap: 'anywhere' }} data-testid="approval-variables">
          Wants expanded:{' '}
          {variables.map((v) => (
            <span key={v} className="tag mono" style={{ marginRight: 4 }}>
              {'${' + v + '}'}
            </span>
          ))}
        </div>
      )}
    </>
  );
}

/**
 * An imported server that waits for the user: where it came from, exactly what it would run and
 * which variables it wants expanded, and one button that approves what is shown.
 */
export function ApprovalCallout({ name, detail }: { name: string; detail: ServerDetail | undefined }) {
  const row = useServers((s) => s.byName[name]);
  const approval = row?.approval;
  const { busy, approve } = useApprove(name, approval?.variables);
  if (row === undefined || approval === undefined) {
    return null;
  }
  return (
    <div className="callout warn" role="alert" aria-label="Waiting for approval">
      <AlertTriangle size={16} />
      <div style={{ flex: 1, minWidth: 0 }}>
        <div className="title">
          {approval.project
            ? 'Imported from a project file: approve it before it runs'
            : 'Approve the variables this server wants'}
        </div>
        {row.origin !== undefined && <OriginLine origin={row.origin} />}
        <RunsAndVariables runs={approvalCommand(detail?.config)} variables={approval.variables} />
        <div className="help">
          A project&apos;s file can come with any repository you clone. Nothing from it runs, and no variable
          from your environment or keychain is put into it, until you approve it here (or run{' '}
          <span className="mono">mcp-gateway servers approve {name}</span>).
        </div>
      </div>
      <button className="btn sm primary" disabled={busy} onClick={() => void approve()}>
        Approve and start
      </button>
    </div>
  );
}
