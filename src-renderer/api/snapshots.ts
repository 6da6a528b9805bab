import { getContext } from '../../src-shared/api/context.js';
import * as routes from '../../src-shared/api/routes.js';
import { reviewTools } from '../../src-shared/api/trust.js';
import { setCalls } from '../stores/calls.js';
import { useConnection } from '../stores/connection.js';
import { useContextReport } from '../stores/context.js';
import { useProblems } from '../stores/problems.js';
import { setServerList } from '../stores/servers.js';
import { setSessions } from '../stores/sessions.js';
import { useSettings } from '../stores/settings.js';
import { setTools } from '../stores/tools.js';
import { setReview } from '../stores/trust.js';
import type { ApiClient } from './client.js';

/** The snapshots the stores are filled from; each is fetched whole. */
export type Snapshot =
  'health' | 'servers' | 'tools' | 'calls' | 'sessions' | 'settings' | 'context' | 'trust';

export const ALL_SNAPSHOTS: Snapshot[] = [
  'health',
  'servers',
  'tools',
  'calls',
  'sessions',
  'settings',
  'context',
  'trust',
];

/** Fetch one snapshot and put it in its store. */
export async function loadSnapshot(api: ApiClient, what: Snapshot): Promise<void> {
  const now = Date.now();
  switch (what) {
    case 'health': {
      const h = await api.call(routes.health);
      useConnection.setState({ health: h });
      useProblems.setState({ configProblem: h.configProblem });
      return;
    }
    case 'servers':
      setServerList((await api.call(routes.listServers)).servers, now);
      return;
    case 'tools': {
      const r = await api.call(routes.listTools, { query: { schema: true } });
      setTools(r.tools, r.totals);
      return;
    }
    case 'calls':
      setCalls((await api.call(routes.recentCalls, { query: { limit: 500 } })).calls);
      return;
    case 'sessions':
      setSessions((await api.call(routes.listSessions)).sessions);
      return;
    case 'context':
      useContextReport.setState({ report: await api.call(getContext) });
      return;
    case 'trust': {
      const r = await api.call(reviewTools, {});
      setReview(r.items, r.held);
      return;
    }
    case 'settings': {
      const r = await api.call(routes.getSettings);
      const { settings, configFile, restartRequired } = r;
      useSettings.setState({ settings, configFile, restartRequired, loaded: true });
      return;
    }
  }
}
