import { ArrowLeft, Wrench } from 'lucide-react';

import { EmptyState } from '../components/empty-state.js';
import { ErrorCallout } from '../components/error-callout.js';
import { ServerActions } from '../components/server-actions.js';
import { StateBadge } from '../components/state-badge.js';
import { navigate } from '../lib/router.js';
import { ApprovalCallout } from './server-detail/approval-callout.js';
import { DetailTabs } from './server-detail/detail-tabs.js';
import { TroubleCallout } from './server-detail/trouble-callout.js';
import { useServerDetail } from './server-detail/use-server-detail.js';
import { ReviewNotice } from './tool-review.js';

/** A server that is not (or no longer) in the gateway's list. */
function ServerNotFound({ name, error }: { name: string; error: unknown }) {
  return (
    <div className="page">
      <a className="btn ghost sm" href="#/servers" style={{ alignSelf: 'flex-start' }}>
        <ArrowLeft size={14} /> Servers
      </a>
      <div className="card">
        <EmptyState icon={Wrench} title={`No server named “${name}”`}>
          It may have been removed. {error !== undefined && <ErrorCallout error={error} />}
        </EmptyState>
      </div>
    </div>
  );
}

/** One server's page: its state and actions, what waits for the user, and the tabs. */
export function ServerDetailView({ name, tab }: { name: string; tab: string | undefined }) {
  const { row, loaded, detail, error } = useServerDetail(name);
  if (loaded && row === undefined) {
    return <ServerNotFound name={name} error={error} />;
  }
  return (
    <div className="page">
      <div className="page-head">
        <a className="btn ghost icon" href="#/servers" aria-label="Back to servers">
          <ArrowLeft size={16} />
        </a>
        <h1 tabIndex={-1}>
          <span style={{ overflow: 'hidden', textOverflow: 'ellipsis' }}>{name}</span>
          {row !== undefined && <StateBadge state={row.state} />}
        </h1>
        {row !== undefined && <ServerActions server={row} onRemoved={() => navigate({ view: 'servers' })} />}
      </div>
      {row?.description !== undefined && (
        <div className="page-sub" style={{ marginTop: -10 }}>
          {row.description}
        </div>
      )}
      <TroubleCallout name={name} />
      <ApprovalCallout name={name} detail={detail} />
      <ReviewNotice name={name} />
      <DetailTabs name={name} tab={tab} detail={detail} />
    </div>
  );
}
