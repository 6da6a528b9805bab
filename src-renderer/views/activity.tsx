import { Activity } from 'lucide-react';

import { EmptyState } from '../components/empty-state.js';
import { CallTable } from './activity/call-table.js';
import { FilterBar } from './activity/filter-bar.js';
import { useActivity } from './activity/use-activity.js';

/** Every tool call through the gateway, live, with filters that can be linked. */
export function ActivityView() {
  const a = useActivity();
  const { calls } = a;
  return (
    <div className="page">
      <div className="page-head">
        <div style={{ flex: 1 }}>
          <h1 tabIndex={-1}>Activity</h1>
          <div className="page-sub">
            Every tool call through the gateway, live.{' '}
            {calls.length > 0 && `${calls.length} calls · ${a.errors} failed`}
          </div>
        </div>
      </div>
      {a.loaded && calls.length === 0 ? (
        <div className="card">
          <EmptyState icon={Activity} title="No calls yet">
            When a client (or you, from a server’s “Try a tool” tab) calls a tool, it shows up here with its
            duration and result.
          </EmptyState>
        </div>
      ) : (
        <>
          <FilterBar a={a} />
          <CallTable rows={a.rows} />
        </>
      )}
    </div>
  );
}
