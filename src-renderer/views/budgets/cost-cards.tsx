import { useMemo } from 'react';

import type { ToolSummary } from '../../../src-shared/api/schemas.js';
import { useThemeColors } from '../../lib/use-theme-colors.js';
import { ServerChart, ToolChart } from './charts.js';
import { chartHeight, costByServer, costliestTools } from './costs.js';

/** The two charts side by side: tokens by server and the costliest tools, at one height. */
export function CostCards({ tools }: { tools: ToolSummary[] }) {
  const colors = useThemeColors();
  // Same arrays while the tools are the same, so the charts do not animate again on every render.
  const byServer = useMemo(() => costByServer(tools), [tools]);
  const topTools = useMemo(() => costliestTools(tools), [tools]);
  const height = Math.max(chartHeight(byServer.length, 34), chartHeight(topTools.length, 26));
  return (
    <div className="grid grid-2">
      <section className="card" aria-labelledby="by-server-h">
        <div className="card-head">
          <h2 id="by-server-h">By server</h2>
          <span className="legend">
            <i style={{ background: colors.accent }} /> visible{' '}
            <i style={{ background: colors.text3, opacity: 0.35 }} /> hidden
          </span>
        </div>
        <div className="card-pad" style={{ height }}>
          <ServerChart data={byServer} colors={colors} />
        </div>
      </section>
      <section className="card" aria-labelledby="by-tool-h">
        <div className="card-head">
          <h2 id="by-tool-h">Costliest tools</h2>
        </div>
        <div className="card-pad" style={{ height }}>
          <ToolChart data={topTools} colors={colors} />
        </div>
      </section>
    </div>
  );
}
