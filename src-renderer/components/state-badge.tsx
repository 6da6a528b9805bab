import type { ServerState } from '../../src-shared/states.js';

export const STATE_LABEL: Record<ServerState, string> = {
  running: 'Running',
  starting: 'Starting',
  degraded: 'Degraded',
  restarting: 'Restarting',
  error: 'Failed',
  stopped: 'Stopped',
  disabled: 'Disabled',
  sleeping: 'Sleeping',
  'needs-sign-in': 'Needs sign-in',
  'needs-approval': 'Needs approval',
};

export function StateBadge({ state }: { state: ServerState }) {
  return (
    <span className={`badge s-${state}`} data-state={state}>
      <span className="dot" aria-hidden />
      {STATE_LABEL[state]}
    </span>
  );
}
