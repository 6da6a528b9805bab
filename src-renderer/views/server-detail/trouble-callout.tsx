import { AlertTriangle, ShieldOff } from 'lucide-react';
import { useState } from 'react';

import * as routes from '../../../src-shared/api/routes.js';
import { serverAction } from '../../api/actions.js';
import { useEngine } from '../../api/context.js';
import { toast, toastError } from '../../components/toaster.js';
import { useNow } from '../../lib/use-now.js';
import { upsertSummary, useServers } from '../../stores/servers.js';
import { troubleText } from './status-text.js';

/**
 * The explicit, visible opt-in for env keys and interpreter options the gateway refuses by
 * default: one click adds them to this server's `allow` list in the config file.
 */
function AllowButton({ name, keys }: { name: string; keys: readonly string[] }) {
  const link = useEngine();
  const [busy, setBusy] = useState(false);
  const allow = async () => {
    setBusy(true);
    try {
      const s = await link.api.call(routes.allowServerKeys, { params: { name }, body: { keys: [...keys] } });
      upsertSummary(s, Date.now());
      toast({
        title: `Allowed ${keys.join(', ')} for ${name}`,
        kind: 'success',
        description: `Saved as "allow" in mcpServers.${name}.`,
      });
    } catch (err) {
      toastError(`Could not allow ${keys.join(', ')} for ${name}`, err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <button
      className="btn sm"
      disabled={busy}
      title={`Add ${keys.join(', ')} to this server's "allow" list and start it`}
      onClick={() => void allow()}
    >
      Allow {keys.join(', ')}
    </button>
  );
}

/** What went wrong and what to do next, above the tabs, while the server is failing. */
export function TroubleCallout({ name }: { name: string }) {
  const link = useEngine();
  const row = useServers((s) => s.byName[name]);
  const now = useNow(1000);
  const text = row === undefined ? undefined : troubleText(row, now);
  if (row === undefined || text === undefined) {
    return null;
  }
  return (
    <div className={`callout ${row.state === 'error' ? 'error' : 'warn'}`} role="alert">
      <AlertTriangle size={16} />
      <div style={{ flex: 1, minWidth: 0 }}>
        <div className="title">{text.title}</div>
        <div style={{ overflowWrap: 'anywhere' }}>{row.lastError ?? row.reason}</div>
        <div className="help">{text.help}</div>
      </div>
      {row.canAllow !== undefined && row.canAllow.length > 0 && (
        <AllowButton name={name} keys={row.canAllow} />
      )}
      {row.state === 'error' && (
        <button className="btn sm" onClick={() => void serverAction(link, name, 'reset')}>
          <ShieldOff size={13} /> Reset circuit
        </button>
      )}
    </div>
  );
}
