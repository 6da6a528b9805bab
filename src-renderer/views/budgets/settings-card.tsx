import { TextField } from '../../components/field.js';
import { Switch } from '../../components/switch.js';
import { formatTokens } from '../../lib/format.js';
import { budgetTextValid, stageBudget } from './staged.js';
import type { Budgets } from './use-budgets.js';

function BudgetField({ b }: { b: Budgets }) {
  const { budgetValue, staged, setStaged, currentBudget } = b;
  const valid = budgetTextValid(budgetValue);
  return (
    <TextField
      id="budget"
      label="Token budget (all servers)"
      style={{ maxWidth: 360 }}
      inputMode="numeric"
      placeholder="No budget"
      value={budgetValue}
      onChange={(v) => {
        b.setBudgetText(v);
        setStaged(stageBudget(staged, v, currentBudget));
      }}
      error={valid ? undefined : 'A budget is a whole number of tokens; leave it empty for no budget.'}
      hint="Past the budget, the costliest tools are hidden until the total fits."
    />
  );
}

/** Gateway-wide switches: meta mode, compaction and the token budget, all staged until applied. */
export function SettingsCard({ b }: { b: Budgets }) {
  const { staged, setStaged, settings, report } = b;
  return (
    <section className="card" aria-labelledby="switches-h">
      <div className="card-head">
        <h2 id="switches-h">What clients see</h2>
        <span className="faint">changes are previewed above before you apply them</span>
      </div>
      <div className="card-pad stack" style={{ gap: 16 }}>
        <div className="row" style={{ alignItems: 'flex-start', gap: 12 }}>
          <Switch
            id="sw-meta"
            checked={b.mode === 'meta'}
            label="Meta mode"
            onChange={(on) =>
              setStaged({
                ...staged,
                mode: (on ? 'meta' : 'all') === settings?.mode ? undefined : on ? 'meta' : 'all',
              })
            }
          />
          <div>
            <label htmlFor="sw-meta" style={{ fontWeight: 600 }}>
              Meta mode
            </label>
            <div className="muted">
              Clients see a few search-and-invoke tools ({formatTokens(report?.totals.metaTokens)} tokens)
              plus pinned ones, instead of every tool; the model searches for what it needs.
            </div>
          </div>
        </div>
        <div className="row" style={{ alignItems: 'flex-start', gap: 12 }}>
          <Switch
            id="sw-compact"
            checked={b.compaction}
            label="Compaction"
            onChange={(on) =>
              setStaged({ ...staged, compaction: on === settings?.compaction ? undefined : on })
            }
          />
          <div>
            <label htmlFor="sw-compact" style={{ fontWeight: 600 }}>
              Compaction
            </label>
            <div className="muted">Shortens descriptions and schemas without changing what tools accept.</div>
          </div>
        </div>
        <BudgetField b={b} />
      </div>
    </section>
  );
}
