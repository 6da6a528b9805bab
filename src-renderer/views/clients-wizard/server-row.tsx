import { Lock } from 'lucide-react';

import type { ClientsDetect } from '../../../src-shared/api/clients.js';
import { type ServerConfig, serverReferences } from '../../../src-shared/config.js';
import { commandLine } from '../../lib/catalog.js';
import type { MergedServer } from '../../stores/clients.js';
import { clientNames, keepKey } from './model.js';
import type { WizardModel } from './use-wizard.js';

/** The `${VAR}` / `${secret:NAME}` references an entry wants: none expands before it is approved. */
function WantedVariables({ config }: { config: MergedServer['config'] }) {
  const refs = serverReferences(config as ServerConfig);
  if (refs.length === 0) {
    return null;
  }
  return (
    <div className="help" style={{ marginTop: 3 }} data-testid="wanted-variables">
      Wants {refs.map((r) => '${' + r + '}').join(', ')} expanded: nothing from your environment or keychain
      goes into it until you approve that on its page.
    </div>
  );
}

type SecretFlag = MergedServer['secrets'][number];

/** One value flagged as a secret, with the choice to keep it in the store and its pasted value. */
function SecretField({ w, s, f }: { w: WizardModel; s: MergedServer; f: SecretFlag }) {
  const { keep, setKeep, store } = w;
  const k = keepKey(s.id, f.field, f.key);
  const on = keep[k]?.on === true;
  const canKeep = store?.available === true && f.field !== 'args' && w.picked[s.id] === true;
  return (
    <div className="row wrap" style={{ gap: 6 }}>
      <span
        className="tag"
        title={f.reason === 'name' ? 'The name looks like a secret' : 'The value looks like a token'}
      >
        <Lock size={11} aria-label="secret" /> {f.field === 'env' ? '' : `${f.field} `}
        {f.key}
      </span>
      {canKeep && (
        <label className="checkbox" style={{ fontSize: 12 }}>
          <input
            type="checkbox"
            checked={on}
            onChange={(e) => setKeep({ ...keep, [k]: { on: e.target.checked, value: keep[k]?.value ?? '' } })}
          />
          Keep {f.key} of {s.suggestedName} in the {store.kind === 'keychain' ? 'keychain' : 'secret store'}
        </label>
      )}
      {canKeep && on && (
        <input
          className="input mono"
          type="password"
          autoComplete="off"
          style={{ width: 220, height: 26 }}
          aria-label={`Value of ${f.key} for ${s.suggestedName}`}
          placeholder={`paste the value of ${f.key}`}
          value={keep[k]?.value ?? ''}
          onChange={(e) => setKeep({ ...keep, [k]: { on: true, value: e.target.value } })}
        />
      )}
    </div>
  );
}

function ServerTags({ s, conflict }: { s: MergedServer; conflict: string | undefined }) {
  return (
    <>
      {conflict !== undefined && (
        <span className="tag bad" title="Clients define a server with this name differently">
          conflict: differs between clients
        </span>
      )}
      {s.variants > 1 && <span className="tag">{s.variants} variants, first used</span>}
      {s.sources.length > 1 && conflict === undefined && (
        <span className="tag ok">same in {s.sources.length} places</span>
      )}
      {s.scope !== 'user' && (
        <span className="tag bad" data-testid="project-scope" title="Found only in a project's file">
          project {s.project ?? ''}
        </span>
      )}
    </>
  );
}

/** One server found in the clients: its pick, its name in the gateway, what it runs and its secrets. */
export function ServerRow({
  w,
  detect,
  s,
  conflict,
}: {
  w: WizardModel;
  detect: ClientsDetect;
  s: MergedServer;
  conflict: string | undefined;
}) {
  const { picked, names } = w;
  const problem = picked[s.id] === true ? w.nameProblems[s.id] : undefined;
  const from = conflict === undefined ? '' : ` from ${clientNames(detect, s)}`;
  return (
    <tr data-testid="found-server">
      <td>
        <input
          type="checkbox"
          id={`pick-${s.id}`}
          aria-label={`Import ${s.suggestedName}${conflict === undefined ? '' : ` (from ${clientNames(detect, s)})`}`}
          checked={picked[s.id] === true}
          onChange={(e) => w.setPicked({ ...picked, [s.id]: e.target.checked })}
        />
      </td>
      <td style={{ minWidth: 0 }}>
        <div className="row wrap" style={{ gap: 6 }}>
          <input
            className="input mono"
            style={{ width: 180, height: 26 }}
            aria-label={`Name in the gateway for ${s.suggestedName}${from}`}
            aria-invalid={problem !== undefined}
            value={names[s.id] ?? s.suggestedName}
            onChange={(e) => w.setNames({ ...names, [s.id]: e.target.value })}
          />
          <ServerTags s={s} conflict={conflict} />
        </div>
        <WantedVariables config={s.config} />
        {s.scope !== 'user' && (
          <div className="help" style={{ marginTop: 3 }}>
            Only in a project&apos;s file, which can come with any repository you clone: not chosen unless you
            tick it, and it waits for your approval (on its page) before it runs.
          </div>
        )}
        <div className="mono faint" style={{ overflowWrap: 'anywhere', marginTop: 3, fontSize: 12 }}>
          {commandLine(s.config as Parameters<typeof commandLine>[0])}
        </div>
        {s.secrets.length > 0 && (
          <div className="stack" style={{ gap: 4, marginTop: 4 }}>
            {s.secrets.map((f) => (
              <SecretField key={`${f.field}:${f.key}`} w={w} s={s} f={f} />
            ))}
          </div>
        )}
        {s.notes.map((n) => (
          <div className="help" key={n}>
            {n}
          </div>
        ))}
        {problem !== undefined && <div className="err-text">{problem}</div>}
        {picked[s.id] === true && w.secretProblems[s.id] !== undefined && (
          <div className="err-text">{w.secretProblems[s.id]}</div>
        )}
        <div className="faint" style={{ fontSize: 12 }}>
          from {clientNames(detect, s)}
        </div>
      </td>
    </tr>
  );
}
