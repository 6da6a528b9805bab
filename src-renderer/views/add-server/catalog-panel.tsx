import { ExternalLink as ExternalLinkIcon, Globe, SquareTerminal } from 'lucide-react';

import { ConfirmDialog } from '../../components/confirm-dialog.js';
import { ErrorCallout } from '../../components/error-callout.js';
import { ExternalLink } from '../../components/external-link.js';
import { TextField } from '../../components/field.js';
import { CATALOG, catalogConfig, type CatalogEntry, commandLine } from '../../lib/catalog.js';
import { type CatalogPickState, useCatalogPick } from './use-catalog-pick.js';

/** Every catalog entry as a button that opens its dialog. */
function CatalogList({ onOpen }: { onOpen: (e: CatalogEntry) => void }) {
  return (
    <div className="catalog" role="list" aria-label="Server catalog">
      {CATALOG.map((e) => (
        <button
          key={e.id}
          className="catalog-item"
          role="listitem"
          onClick={() => onOpen(e)}
          aria-label={`${e.name}: ${e.description}`}
        >
          <span className="name">
            {e.url !== undefined ? <Globe size={14} /> : <SquareTerminal size={14} />}
            {e.name}
            {(e.tags ?? []).includes('official') && <span className="tag">official</span>}
          </span>
          <span className="desc">{e.description}</span>
        </button>
      ))}
    </div>
  );
}

/** What it is, exactly what it runs or connects to, and its name. */
function PickSummary({ c, pick }: { c: CatalogPickState; pick: CatalogEntry }) {
  return (
    <>
      <p className="muted" style={{ margin: 0 }}>
        {pick.description}{' '}
        <ExternalLink href={pick.homepage}>
          Homepage <ExternalLinkIcon size={11} />
        </ExternalLink>
      </p>
      <div className="field">
        <span className="field-label">
          {pick.url !== undefined ? 'It connects to' : 'This command will run on your computer'}
        </span>
        <div className="code" data-testid="catalog-command">
          {pick.url ?? commandLine(catalogConfig(pick, {}))}
        </div>
        {pick.url === undefined && (
          <span className="help">Only add servers you trust: they run with your user’s permissions.</span>
        )}
      </div>
      <TextField id="cat-name" label="Name" value={c.name} onChange={c.setName} error={c.nameError} />
    </>
  );
}

/** The entry's variables (secrets masked), then what the gateway said if it refused. */
function PickEnv({ c, pick }: { c: CatalogPickState; pick: CatalogEntry }) {
  return (
    <>
      {(pick.env ?? []).map((e) => (
        <TextField
          key={e.name}
          id={`cat-env-${e.name}`}
          label={e.required === true ? e.name : `${e.name} (optional)`}
          mono
          type={e.secret === true ? 'password' : 'text'}
          autoComplete="off"
          value={c.env[e.name] ?? ''}
          onChange={(v) => c.setEnv({ ...c.env, [e.name]: v })}
          hint={e.description}
        />
      ))}
      {c.error !== undefined && <ErrorCallout error={c.error} title="The gateway did not add the server" />}
    </>
  );
}

/** The catalog: pick a server, read what it runs, fill its variables, add it. */
export function CatalogPanel({ onDone }: { onDone: (name: string) => void }) {
  const c = useCatalogPick(onDone);
  const pick = c.pick;
  return (
    <>
      <CatalogList onOpen={c.open} />
      <ConfirmDialog
        open={pick !== undefined}
        onOpenChange={(o) => !o && c.close()}
        title={pick !== undefined ? `Add ${pick.name}?` : ''}
        confirmLabel={pick?.url !== undefined ? 'Add server' : 'Add and run'}
        busy={c.busy || c.missing.length > 0 || c.nameError !== undefined}
        onConfirm={() => void c.add()}
      >
        {pick !== undefined && (
          <div className="stack" style={{ gap: 12 }}>
            <PickSummary c={c} pick={pick} />
            <PickEnv c={c} pick={pick} />
          </div>
        )}
      </ConfirmDialog>
    </>
  );
}
