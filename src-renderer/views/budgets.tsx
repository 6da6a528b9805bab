import { Gauge } from 'lucide-react';

import { EmptyState } from '../components/empty-state.js';
import { CostCards } from './budgets/cost-cards.js';
import { SettingsCard } from './budgets/settings-card.js';
import { ToolTable } from './budgets/tool-table.js';
import { TotalCard } from './budgets/total-card.js';
import { useBudgets } from './budgets/use-budgets.js';

/** How much context the tool definitions take, what the staged changes would save, and applying them. */
export function BudgetsView() {
  const b = useBudgets();
  if (b.loaded && b.tools.length === 0) {
    return (
      <div className="page">
        <div className="page-head">
          <h1 tabIndex={-1}>Budgets</h1>
        </div>
        <div className="card">
          <EmptyState icon={Gauge} title="No tools to measure yet">
            Every tool definition a client loads costs context tokens. Add a server and its tools, with their
            cost, appear here.
          </EmptyState>
        </div>
      </div>
    );
  }
  return (
    <div className="page">
      <div className="page-head">
        <div style={{ flex: 1 }}>
          <h1 tabIndex={-1}>Budgets</h1>
          <div className="page-sub">
            How much of the model’s context your tool definitions take, and what to trim.
          </div>
        </div>
      </div>
      <TotalCard b={b} />
      <CostCards tools={b.tools} />
      <SettingsCard b={b} />
      <ToolTable b={b} />
    </div>
  );
}
