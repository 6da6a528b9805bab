import * as Tabs from '@radix-ui/react-tabs';
import {
  BookOpen,
  ClipboardPaste,
  ExternalLink as ExternalLinkIcon,
  Globe,
  SquareTerminal,
} from 'lucide-react';
import { useMemo, useState } from 'react';
import { parse as shellParse } from 'shell-quote';
import { useShallow } from 'zustand/react/shallow';

import * as routes from '../../src-shared/api/routes.js';
import { SERVER_NAME_PATTERN, type ServerConfig, ServerConfigSchema } from '../../src-shared/config.js';
import { type ParsedServer, parseSnippet, quoteArgs, suggestName } from '../../src-shared/server-snippets.js';
import { describeError } from '../api/client.js';
import { useEngine } from '../api/context.js';
import { ConfirmDialog } from '../components/confirm-dialog.js';
import { ErrorCallout } from '../components/error-callout.js';
import { ExternalLink } from '../components/external-link.js';
import { Field } from '../components/field.js';
import { fromPairs, KvEditor, type KvPair, toPairs } from '../components/kv-editor.js';
import { toast } from '../components/toaster.js';
import { CATALOG, catalogConfig, type CatalogEntry, commandLine } from '../lib/catalog.js';
import { navigate } from '../lib/router.js';
import { useServers } from '../stores/servers.js';

interface Draft {
  name: string;
  kind: 'stdio' | 'remote';
  command: string;
  args: string;
  cwd: string;
  env: KvPair[];
  url: string;
  type: 'auto' | 'http' | 'sse';
  headers: KvPair[];
  description: string;
}

const EMPTY: Draft = {
  name: '',
  kind: 'stdio',
  command: '',
  args: '',
  cwd: '',
  env: [],
  url: '',
  type: 'auto',
  headers: [],
  description: '',
};

function draftFrom(p: ParsedServer): Draft {
  const c = p.config;
  const type =
    c.type === 'http' || c.type === 'streamable-http' || c.type === 'streamableHttp'
      ? 'http'
      : c.type === 'sse'
        ? 'sse'
        : 'auto';
  return {
    name: p.name || suggestName(c),
    kind: c.url !== undefined ? 'remote' : 'stdio',
    command: c.command ?? '',
    args: quoteArgs(c.args ?? []),
    cwd: c.cwd ?? '',
    env: toPairs(c.env),
    url: c.url ?? '',
    type,
    headers: toPairs(c.headers),
    description: c.description ?? '',
  };
}

type Errors = Partial<Record<'name' | 'command' | 'args' | 'url' | 'form', string>>;

/** Build the config and check it with the same schema the engine uses, field by field. */
function buildConfig(d: Draft, existing: readonly string[]): { config?: ServerConfig; errors: Errors } {
  const errors: Errors = {};
  if (d.name.trim() === '') {
    errors.name = 'Give the server a name, e.g. "github".';
  } else if (!SERVER_NAME_PATTERN.test(d.name.trim())) {
    errors.name =
      'Use letters, digits, "-", "_" and "." (start with a letter or digit, at most 48 characters).';
  } else if (existing.includes(d.name.trim())) {
    errors.name = `A server named "${d.name.trim()}" already exists. Pick another name.`;
  }
  let config: ServerConfig;
  if (d.kind === 'stdio') {
    if (d.command.trim() === '') {
      errors.command = 'Enter the program to run, e.g. npx, uvx, node or a full path.';
    } else if (/\s/.test(d.command.trim()) && d.args.trim() === '') {
      errors.command =
        'Put only the program here and its arguments in "Arguments" (e.g. npx, then -y package).';
    }
    // $VAR and ${VAR} stay as ${VAR}: the gateway expands them from its environment at start.
    const parsed = shellParse(d.args, (key) => `\${${key}}`);
    if (parsed.some((t) => typeof t !== 'string')) {
      errors.args =
        'Arguments cannot contain shell operators (|, >, &&, globs). Quote them if they are literal.';
    }
    config = { command: d.command.trim(), args: parsed.filter((t): t is string => typeof t === 'string') };
    const env = fromPairs(d.env);
    if (env !== undefined) {
      config.env = env;
    }
    if (d.cwd.trim() !== '') {
      config.cwd = d.cwd.trim();
    }
  } else {
    if (d.url.trim() === '') {
      errors.url = 'Enter the server URL, e.g. https://example.com/mcp.';
    }
    config = { url: d.url.trim() };
    if (d.type !== 'auto') {
      config.type = d.type;
    }
    const headers = fromPairs(d.headers);
    if (headers !== undefined) {
      config.headers = headers;
    }
  }
  if (d.description.trim() !== '') {
    config.description = d.description.trim();
  }
  const r = ServerConfigSchema.safeParse(config);
  if (!r.success) {
    for (const issue of r.error.issues) {
      const key = issue.path[0] === 'url' ? 'url' : issue.path[0] === 'command' ? 'command' : 'form';
      errors[key] ??= issue.message;
    }
  }
  return Object.keys(errors).length === 0 ? { config, errors } : { errors };
}

function ServerForm({
  draft,
  setDraft,
  onDone,
}: {
  draft: Draft;
  setDraft: (d: Draft) => void;
  onDone: (name: string) => void;
}) {
  const link = useEngine();
  const existing = useServers(useShallow((s) => Object.keys(s.byName)));
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [apiError, setApiError] = useState<unknown>(undefined);
  const { errors, config } = useMemo(() => buildConfig(draft, existing), [draft, existing]);
  const show = (k: keyof Errors): string | undefined => (touched ? errors[k] : undefined);
  const set = <K extends keyof Draft>(k: K, v: Draft[K]): void => setDraft({ ...draft, [k]: v });

  const submit = async (): Promise<void> => {
    setTouched(true);
    setApiError(undefined);
    if (config === undefined) {
      return;
    }
    setBusy(true);
    try {
      const name = draft.name.trim();
      await link.api.call(routes.addServer, { body: { name, config } });
      toast({ kind: 'success', title: `Added ${name}`, description: 'It is starting now.' });
      onDone(name);
    } catch (err) {
      setApiError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="stack"
      style={{ gap: 14 }}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <Field
        id="srv-name"
        label="Name"
        error={show('name')}
        help="Becomes the prefix of its tools, e.g. github__create_issue."
      >
        <input
          id="srv-name"
          className="input"
          value={draft.name}
          onChange={(e) => set('name', e.target.value)}
          aria-invalid={show('name') !== undefined}
          placeholder="github"
          autoComplete="off"
        />
      </Field>
      <div className="field">
        <span className="field-label" id="kind-label">
          Kind
        </span>
        <div
          className="segmented"
          role="radiogroup"
          aria-labelledby="kind-label"
          style={{ alignSelf: 'flex-start' }}
        >
          <button
            type="button"
            role="radio"
            aria-checked={draft.kind === 'stdio'}
            aria-pressed={draft.kind === 'stdio'}
            onClick={() => set('kind', 'stdio')}
          >
            <SquareTerminal size={14} /> Local command
          </button>
          <button
            type="button"
            role="radio"
            aria-checked={draft.kind === 'remote'}
            aria-pressed={draft.kind === 'remote'}
            onClick={() => set('kind', 'remote')}
          >
            <Globe size={14} /> Remote URL
          </button>
        </div>
      </div>
      {draft.kind === 'stdio' ? (
        <>
          <div className="grid" style={{ gridTemplateColumns: 'minmax(120px, 1fr) minmax(180px, 2.5fr)' }}>
            <Field id="srv-command" label="Command" error={show('command')}>
              <input
                id="srv-command"
                className="input mono"
                value={draft.command}
                onChange={(e) => set('command', e.target.value)}
                aria-invalid={show('command') !== undefined}
                placeholder="npx"
                autoComplete="off"
                spellCheck={false}
              />
            </Field>
            <Field
              id="srv-args"
              label="Arguments"
              error={show('args')}
              help="As you would type them in a shell; quote arguments with spaces."
            >
              <input
                id="srv-args"
                className="input mono"
                value={draft.args}
                onChange={(e) => set('args', e.target.value)}
                placeholder="-y @modelcontextprotocol/server-memory"
                autoComplete="off"
                spellCheck={false}
              />
            </Field>
          </div>
          <div className="field">
            <span className="field-label">Environment variables</span>
            <KvEditor what="Variable" pairs={draft.env} onChange={(p) => set('env', p)} />
            <span className="help">
              Values of names like TOKEN, KEY or SECRET are masked. Use ${'{'}secret:NAME{'}'} to read from
              the OS keychain.
            </span>
          </div>
          <Field id="srv-cwd" label="Working folder (optional)">
            <input
              id="srv-cwd"
              className="input mono"
              value={draft.cwd}
              onChange={(e) => set('cwd', e.target.value)}
              placeholder="/path/to/project"
              autoComplete="off"
              spellCheck={false}
            />
          </Field>
        </>
      ) : (
        <>
          <div className="grid" style={{ gridTemplateColumns: 'minmax(200px, 3fr) minmax(120px, 1fr)' }}>
            <Field id="srv-url" label="URL" error={show('url')}>
              <input
                id="srv-url"
                className="input mono"
                value={draft.url}
                onChange={(e) => set('url', e.target.value)}
                aria-invalid={show('url') !== undefined}
                placeholder="https://example.com/mcp"
                autoComplete="off"
                spellCheck={false}
              />
            </Field>
            <Field id="srv-type" label="Transport">
              <select
                id="srv-type"
                className="select"
                value={draft.type}
                onChange={(e) => set('type', e.target.value as Draft['type'])}
              >
                <option value="auto">Auto (HTTP, then SSE)</option>
                <option value="http">Streamable HTTP</option>
                <option value="sse">SSE (legacy)</option>
              </select>
            </Field>
          </div>
          <div className="field">
            <span className="field-label">Headers</span>
            <KvEditor what="Header" pairs={draft.headers} onChange={(p) => set('headers', p)} />
          </div>
        </>
      )}
      <Field id="srv-desc" label="Description (optional)">
        <input
          id="srv-desc"
          className="input"
          value={draft.description}
          onChange={(e) => set('description', e.target.value)}
          autoComplete="off"
        />
      </Field>
      {touched && errors.form !== undefined && (
        <div className="err-text" role="alert">
          {errors.form}
        </div>
      )}
      {apiError !== undefined && <ErrorCallout error={apiError} title="The gateway did not add the server" />}
      <div className="row">
        <button type="submit" className="btn primary" disabled={busy}>
          {busy ? 'Adding…' : 'Add server'}
        </button>
        <button type="button" className="btn ghost" onClick={() => setDraft(EMPTY)}>
          Clear
        </button>
      </div>
    </form>
  );
}

function PastePanel({ onSingle, onDone }: { onSingle: (d: Draft) => void; onDone: (name?: string) => void }) {
  const link = useEngine();
  const existing = useServers(useShallow((s) => Object.keys(s.byName)));
  const [text, setText] = useState('');
  const [parsed, setParsed] = useState<ParsedServer[] | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [results, setResults] = useState<Record<string, string>>({});

  const parse = (): void => {
    const r = parseSnippet(text);
    setResults({});
    if (!r.ok) {
      setError(r.error);
      setParsed(undefined);
      return;
    }
    setError(undefined);
    const servers = r.servers;
    if (servers.length === 1 && servers[0] !== undefined) {
      onSingle(draftFrom(servers[0]));
      return;
    }
    setParsed(servers);
  };

  const addAll = async (): Promise<void> => {
    if (parsed === undefined) {
      return;
    }
    setBusy(true);
    const out: Record<string, string> = {};
    let added = 0;
    for (const s of parsed) {
      const { config, errors } = buildConfig(draftFrom(s), existing);
      if (config === undefined) {
        out[s.name] = Object.values(errors)[0] ?? 'not valid';
        continue;
      }
      try {
        await link.api.call(routes.addServer, { body: { name: s.name, config } });
        out[s.name] = 'added';
        added++;
      } catch (err) {
        const d = describeError(err);
        out[s.name] = d.message;
      }
    }
    setResults(out);
    setBusy(false);
    if (added > 0) {
      toast({ kind: 'success', title: `Added ${added} server${added === 1 ? '' : 's'}` });
    }
    if (added === parsed.length) {
      onDone();
    }
  };

  return (
    <div className="stack" style={{ gap: 12 }}>
      <Field id="paste" label="JSON snippet or command line">
        <textarea
          id="paste"
          className="textarea"
          rows={8}
          spellCheck={false}
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder={
            '{\n  "mcpServers": {\n    "memory": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-memory"] }\n  }\n}\n\nor: claude mcp add github -e GITHUB_TOKEN=... -- npx -y @modelcontextprotocol/server-github'
          }
          aria-invalid={error !== undefined}
        />
        <span className="help">
          From a client config (Claude Desktop, Cursor, VS Code, ...) or a README. One server opens in the
          form; several are added together.
        </span>
        {error !== undefined && (
          <span className="err" role="alert">
            {error}
          </span>
        )}
      </Field>
      <div>
        <button className="btn primary" onClick={parse} disabled={text.trim() === ''}>
          Read snippet
        </button>
      </div>
      {parsed !== undefined && (
        <div className="card">
          <div className="card-head">
            <h2>{parsed.length} servers found</h2>
            <button className="btn primary sm" disabled={busy} onClick={() => void addAll()}>
              Add all {parsed.length}
            </button>
          </div>
          <table className="table">
            <tbody>
              {parsed.map((s) => (
                <tr key={s.name}>
                  <td>
                    <b>{s.name}</b>
                    <div className="mono faint" style={{ overflowWrap: 'anywhere' }}>
                      {commandLine(s.config)}
                    </div>
                  </td>
                  <td className="num">
                    {results[s.name] === undefined ? (
                      <button className="btn sm" onClick={() => onSingle(draftFrom(s))}>
                        Edit
                      </button>
                    ) : results[s.name] === 'added' ? (
                      <span className="tag ok">Added</span>
                    ) : (
                      <span className="tag bad" title={results[s.name]}>
                        {results[s.name]}
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function CatalogPanel({ onDone }: { onDone: (name: string) => void }) {
  const link = useEngine();
  const existing = useServers(useShallow((s) => Object.keys(s.byName)));
  const [pick, setPick] = useState<CatalogEntry | undefined>(undefined);
  const [env, setEnv] = useState<Record<string, string>>({});
  const [name, setName] = useState('');
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const missing = pick?.env?.filter((e) => e.required === true && (env[e.name] ?? '').trim() === '') ?? [];
  const nameError = !SERVER_NAME_PATTERN.test(name)
    ? 'Not a valid name.'
    : existing.includes(name)
      ? `"${name}" already exists.`
      : undefined;

  const open = (e: CatalogEntry): void => {
    setPick(e);
    setEnv({});
    setError(undefined);
    let n = e.id;
    for (let i = 2; existing.includes(n) && i < 100; i++) {
      n = `${e.id}-${i}`;
    }
    setName(n);
  };

  const add = async (): Promise<void> => {
    if (pick === undefined) {
      return;
    }
    setBusy(true);
    try {
      await link.api.call(routes.addServer, { body: { name, config: catalogConfig(pick, env) } });
      toast({ kind: 'success', title: `Added ${name}`, description: 'It is starting now.' });
      setPick(undefined);
      onDone(name);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <div className="catalog" role="list" aria-label="Server catalog">
        {CATALOG.map((e) => (
          <button
            key={e.id}
            className="catalog-item"
            role="listitem"
            onClick={() => open(e)}
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
      <ConfirmDialog
        open={pick !== undefined}
        onOpenChange={(o) => !o && setPick(undefined)}
        title={pick !== undefined ? `Add ${pick.name}?` : ''}
        confirmLabel={pick?.url !== undefined ? 'Add server' : 'Add and run'}
        busy={busy || missing.length > 0 || nameError !== undefined}
        onConfirm={() => void add()}
      >
        {pick !== undefined && (
          <div className="stack" style={{ gap: 12 }}>
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
                <span className="help">
                  Only add servers you trust: they run with your user’s permissions.
                </span>
              )}
            </div>
            <Field id="cat-name" label="Name">
              <input
                id="cat-name"
                className="input"
                value={name}
                onChange={(e) => setName(e.target.value)}
                aria-invalid={nameError !== undefined}
              />
              {nameError !== undefined && <span className="err">{nameError}</span>}
            </Field>
            {(pick.env ?? []).map((e) => (
              <div className="field" key={e.name}>
                <label htmlFor={`cat-env-${e.name}`}>
                  {e.name}
                  {e.required === true ? '' : ' (optional)'}
                </label>
                <input
                  id={`cat-env-${e.name}`}
                  className="input mono"
                  type={e.secret === true ? 'password' : 'text'}
                  autoComplete="off"
                  value={env[e.name] ?? ''}
                  onChange={(ev) => setEnv({ ...env, [e.name]: ev.target.value })}
                />
                <span className="help">{e.description}</span>
              </div>
            ))}
            {error !== undefined && <ErrorCallout error={error} title="The gateway did not add the server" />}
          </div>
        )}
      </ConfirmDialog>
    </>
  );
}

export function AddServerView() {
  const [tab, setTab] = useState('form');
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const done = (name?: string): void =>
    navigate(name !== undefined ? { view: 'server', name, tab: undefined } : { view: 'servers' });
  return (
    <div className="page" style={{ maxWidth: 820 }}>
      <div className="page-head">
        <div style={{ flex: 1 }}>
          <h1 tabIndex={-1}>Add a server</h1>
          <div className="page-sub">
            The gateway starts it right away and serves its tools to every connected client.
          </div>
        </div>
      </div>
      <Tabs.Root value={tab} onValueChange={setTab}>
        <Tabs.List className="tabs-list" aria-label="How to add">
          <Tabs.Trigger value="form">
            <SquareTerminal size={14} /> Form
          </Tabs.Trigger>
          <Tabs.Trigger value="paste">
            <ClipboardPaste size={14} /> Paste
          </Tabs.Trigger>
          <Tabs.Trigger value="catalog">
            <BookOpen size={14} /> Catalog
          </Tabs.Trigger>
        </Tabs.List>
        <div className="card card-pad" style={{ marginTop: 14 }}>
          <Tabs.Content value="form">
            <ServerForm draft={draft} setDraft={setDraft} onDone={done} />
          </Tabs.Content>
          <Tabs.Content value="paste">
            <PastePanel
              onSingle={(d) => {
                setDraft(d);
                setTab('form');
              }}
              onDone={done}
            />
          </Tabs.Content>
          <Tabs.Content value="catalog">
            <CatalogPanel onDone={done} />
          </Tabs.Content>
        </div>
      </Tabs.Root>
    </div>
  );
}
