import * as Tabs from '@radix-ui/react-tabs';
import { useState } from 'react';

import type { ServerDetail } from '../../../src-shared/api/schemas.js';
import { navigate } from '../../lib/router.js';
import { useTools } from '../../stores/tools.js';
import { LogPanel } from '../log-panel.js';
import { ToolReview } from '../tool-review.js';
import { CallsTable } from './calls-table.js';
import { ConfigCard } from './config-card.js';
import { HistoryList } from './history-list.js';
import { StatusCard } from './status-card.js';
import { ToolLimits } from './tool-limits.js';
import { ToolsTable } from './tools-table.js';
import { TryPanel } from './try-panel.js';

/** Status, config and recent state changes. */
function OverviewTab({ name, detail }: { name: string; detail: ServerDetail | undefined }) {
  return (
    <Tabs.Content value="overview" className="detail-grid">
      <StatusCard name={name} detail={detail} />
      <ConfigCard detail={detail} />
      <section className="card" style={{ gridColumn: '1 / -1' }} aria-label="Recent state changes">
        <div className="card-head">
          <h2>State history</h2>
        </div>
        <HistoryList name={name} />
      </section>
    </Tabs.Content>
  );
}

/** The server page's tabs; the open tab is in the address (#/servers/<name>/<tab>). */
export function DetailTabs({
  name,
  tab,
  detail,
}: {
  name: string;
  tab: string | undefined;
  detail: ServerDetail | undefined;
}) {
  const toolCount = useTools((s) => s.tools.filter((t) => t.server === name).length);
  const [tryTool, setTryTool] = useState<string | undefined>(undefined);
  const setTab = (t: string): void =>
    navigate({ view: 'server', name, tab: t === 'overview' ? undefined : t });
  return (
    <Tabs.Root value={tab ?? 'overview'} onValueChange={setTab}>
      <Tabs.List className="tabs-list" aria-label="Server sections">
        <Tabs.Trigger value="overview">Overview</Tabs.Trigger>
        <Tabs.Trigger value="tools">
          Tools <span className="count">{toolCount}</span>
        </Tabs.Trigger>
        <Tabs.Trigger value="logs">Logs</Tabs.Trigger>
        <Tabs.Trigger value="calls">Calls</Tabs.Trigger>
        <Tabs.Trigger value="history">History</Tabs.Trigger>
        <Tabs.Trigger value="try">Try a tool</Tabs.Trigger>
      </Tabs.List>
      <div style={{ marginTop: 14 }}>
        <OverviewTab name={name} detail={detail} />
        <Tabs.Content value="tools" className="card">
          <ToolReview name={name} />
          <ToolsTable
            name={name}
            onTry={(t) => {
              setTryTool(t);
              setTab('try');
            }}
          />
          <ToolLimits name={name} />
        </Tabs.Content>
        <Tabs.Content value="logs">
          <LogPanel server={name} />
        </Tabs.Content>
        <Tabs.Content value="calls" className="card">
          <CallsTable name={name} />
        </Tabs.Content>
        <Tabs.Content value="history" className="card">
          <HistoryList name={name} />
        </Tabs.Content>
        <Tabs.Content value="try" className="card">
          <TryPanel name={name} tool={tryTool} setTool={setTryTool} />
        </Tabs.Content>
      </div>
    </Tabs.Root>
  );
}
