import { useMemo, useState } from 'react';

import { useEngine } from '../../api/context.js';
import { toast, toastError } from '../../components/toaster.js';
import { useContextReport } from '../../stores/context.js';
import { useSettings } from '../../stores/settings.js';
import { useTools } from '../../stores/tools.js';
import { applyStaged } from './engine-ops.js';
import { countChanges, localEstimate, NOTHING, type Staged } from './staged.js';
import { useBudgetPreview } from './use-budget-preview.js';

/** The budgets page's state: the engine's figures, what is staged, its preview, and applying it. */
export function useBudgets() {
  const link = useEngine();
  const tools = useTools((s) => s.tools);
  const loaded = useTools((s) => s.loaded);
  const report = useContextReport((s) => s.report);
  const totals = useTools((s) => s.totals);
  const settings = useSettings((s) => s.settings);
  const [staged, setStaged] = useState<Staged>(NOTHING);
  const [applying, setApplying] = useState(false);
  const [budgetText, setBudgetText] = useState<string | undefined>(undefined);
  const changes = countChanges(staged, tools);
  const pinnedIds = useMemo(
    () => new Set((report?.tools ?? []).filter((t) => t.pinned).map((t) => t.id)),
    [report],
  );
  const { preview, previewError } = useBudgetPreview(link, staged, tools, changes);
  const local = useMemo(() => localEstimate(staged, tools), [staged, tools]);

  const discard = (): void => {
    setStaged(NOTHING);
    setBudgetText(undefined);
  };
  const apply = async (): Promise<void> => {
    setApplying(true);
    try {
      await applyStaged(link, staged, tools);
      toast({ kind: 'success', title: 'Applied: clients get the new tool list now' });
      discard();
    } catch (err) {
      toastError('Not everything was applied', err);
    } finally {
      setApplying(false);
    }
  };

  const currentBudget = settings?.maxTokens ?? report?.budget.maxTokens;
  const current = report?.totals.contextTokens ?? totals.visibleTokens;
  const useLocal = previewError === 'local';
  return {
    tools,
    loaded,
    report,
    totals,
    settings,
    staged,
    setStaged,
    applying,
    apply,
    discard,
    setBudgetText,
    changes,
    pinnedIds,
    preview,
    previewError,
    local,
    useLocal,
    mode: staged.mode ?? settings?.mode ?? report?.mode ?? 'all',
    compaction: staged.compaction ?? settings?.compaction ?? report?.compaction ?? false,
    currentBudget,
    budgetValue: budgetText ?? (currentBudget !== undefined ? String(currentBudget) : ''),
    current,
    proposed: preview?.proposed.totals.contextTokens ?? (useLocal ? current + local.delta : undefined),
    delta: preview?.delta.contextTokens ?? (useLocal ? local.delta : undefined),
    changedTools: preview?.changed.length ?? local.changed,
  };
}

export type Budgets = ReturnType<typeof useBudgets>;
