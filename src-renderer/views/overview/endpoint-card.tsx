import * as Tabs from '@radix-ui/react-tabs';
import { Cable } from 'lucide-react';

import { CopyButton } from '../../components/copy-button.js';
import { useCompact } from '../../lib/use-compact.js';
import { useConnection } from '../../stores/connection.js';
import { useSettings } from '../../stores/settings.js';
import { clientSnippets, healthBadge } from './overview-text.js';

function HealthBadge() {
  const health = useConnection((s) => s.health);
  if (health === undefined) {
    return null;
  }
  const badge = healthBadge(health.health);
  return (
    <span className={`badge s-${badge.state}`}>
      <span className="dot" aria-hidden />
      {badge.label}
    </span>
  );
}

/** The snippet for each kind of client, in tabs (open unless the window is tray-sized). */
function ClientSetup({ endpoint }: { endpoint: string }) {
  const clientAuth = useSettings((s) => s.settings?.clientAuth);
  const snippets = clientSnippets(endpoint, clientAuth !== 'off');
  const compact = useCompact();
  return (
    <details className="setup" open={!compact}>
      <summary>Connect a client</summary>
      <Tabs.Root defaultValue="json">
        <Tabs.List className="tabs-list" aria-label="Client setup">
          {snippets.map((s) => (
            <Tabs.Trigger key={s.id} value={s.id}>
              {s.label}
            </Tabs.Trigger>
          ))}
        </Tabs.List>
        {snippets.map((s) => (
          <Tabs.Content key={s.id} value={s.id} className="stack" style={{ paddingTop: 10 }}>
            <div className="faint">{s.note}</div>
            <div className="code">
              {s.text}
              <span className="copy-corner">
                <CopyButton text={s.text} label={`Copy ${s.label} snippet`} />
              </span>
            </div>
          </Tabs.Content>
        ))}
      </Tabs.Root>
    </details>
  );
}

/** The one endpoint every client uses, its health, and how to connect a client. */
export function EndpointCard() {
  const apiBase = useConnection((s) => s.apiBase);
  const endpoint = `${apiBase}/mcp`;
  return (
    <section className="card" aria-labelledby="endpoint-h">
      <div className="card-head">
        <Cable size={16} aria-hidden />
        <h2 id="endpoint-h">Gateway endpoint</h2>
        <HealthBadge />
      </div>
      <div className="card-pad stack" style={{ gap: 12 }}>
        <div className="endpoint">
          <span data-testid="endpoint">{endpoint}</span>
          <CopyButton text={endpoint} label="Copy endpoint URL" />
        </div>
        <ClientSetup endpoint={endpoint} />
      </div>
    </section>
  );
}
