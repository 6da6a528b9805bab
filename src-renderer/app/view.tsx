import { lazy, Suspense } from 'react';

import type { Route } from '../lib/router.js';
import { ActivityView } from '../views/activity.js';
import { AddServerView } from '../views/add-server.js';
import { ClientsView } from '../views/clients.js';
import { OverviewView } from '../views/overview.js';
import { ServerDetailView } from '../views/server-detail.js';
import { ServersView } from '../views/servers.js';
import { SettingsView } from '../views/settings.js';

// The charts library is the bulk of the bundle: load it when the Budgets view is first opened.
const BudgetsView = lazy(() => import('../views/budgets.js').then((m) => ({ default: m.BudgetsView })));

/** The view the address names. */
export function View({ route }: { route: Route }) {
  switch (route.view) {
    case 'overview':
      return <OverviewView />;
    case 'servers':
      return <ServersView />;
    case 'server':
      return <ServerDetailView name={route.name} tab={route.tab} />;
    case 'add':
      return <AddServerView />;
    case 'budgets':
      return (
        <Suspense fallback={<div className="page" aria-busy="true" />}>
          <BudgetsView />
        </Suspense>
      );
    case 'activity':
      return <ActivityView />;
    case 'clients':
      return <ClientsView />;
    case 'settings':
      return <SettingsView />;
  }
}
