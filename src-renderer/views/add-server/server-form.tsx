import { Globe, SquareTerminal } from 'lucide-react';

import { ErrorCallout } from '../../components/error-callout.js';
import { Field, TextField } from '../../components/field.js';
import { KvEditor } from '../../components/kv-editor.js';
import { type Draft, EMPTY_DRAFT } from './draft.js';
import { type ServerFormState, useServerForm } from './use-server-form.js';

/** The name, and whether it is a local command or a remote URL. */
function NameAndKind({ f }: { f: ServerFormState }) {
  const { draft, set, show } = f;
  return (
    <>
      <TextField
        id="srv-name"
        label="Name"
        value={draft.name}
        onChange={(v) => set('name', v)}
        error={show('name')}
        hint="Becomes the prefix of its tools, e.g. github__create_issue."
        placeholder="github"
        autoComplete="off"
      />
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
    </>
  );
}

/** A local command: program, arguments, environment and working folder. */
function StdioFields({ f }: { f: ServerFormState }) {
  const { draft, set, show } = f;
  return (
    <>
      <div className="grid" style={{ gridTemplateColumns: 'minmax(120px, 1fr) minmax(180px, 2.5fr)' }}>
        <TextField
          id="srv-command"
          label="Command"
          mono
          value={draft.command}
          onChange={(v) => set('command', v)}
          error={show('command')}
          placeholder="npx"
          autoComplete="off"
          spellCheck={false}
        />
        <TextField
          id="srv-args"
          label="Arguments"
          mono
          value={draft.args}
          onChange={(v) => set('args', v)}
          error={show('args')}
          hint="As you would type them in a shell; quote arguments with spaces."
          placeholder="-y @modelcontextprotocol/server-memory"
          autoComplete="off"
          spellCheck={false}
        />
      </div>
      <div className="field">
        <span className="field-label">Environment variables</span>
        <KvEditor what="Variable" pairs={draft.env} onChange={(p) => set('env', p)} />
        <span className="help">
          Values of names like TOKEN, KEY or SECRET are masked. Use ${'{'}secret:NAME{'}'} to read from the OS
          keychain.
        </span>
      </div>
      <TextField
        id="srv-cwd"
        label="Working folder (optional)"
        mono
        value={draft.cwd}
        onChange={(v) => set('cwd', v)}
        placeholder="/path/to/project"
        autoComplete="off"
        spellCheck={false}
      />
    </>
  );
}

/** A remote server: URL, transport and headers. */
function RemoteFields({ f }: { f: ServerFormState }) {
  const { draft, set, show } = f;
  return (
    <>
      <div className="grid" style={{ gridTemplateColumns: 'minmax(200px, 3fr) minmax(120px, 1fr)' }}>
        <TextField
          id="srv-url"
          label="URL"
          mono
          value={draft.url}
          onChange={(v) => set('url', v)}
          error={show('url')}
          placeholder="https://example.com/mcp"
          autoComplete="off"
          spellCheck={false}
        />
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
  );
}

/** The form: a server's config field by field, checked with the engine's schema before it is sent. */
export function ServerForm({
  draft,
  setDraft,
  onDone,
}: {
  draft: Draft;
  setDraft: (d: Draft) => void;
  onDone: (name: string) => void;
}) {
  const f = useServerForm(draft, setDraft, onDone);
  return (
    <form
      className="stack"
      style={{ gap: 14 }}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void f.submit();
      }}
    >
      <NameAndKind f={f} />
      {draft.kind === 'stdio' ? <StdioFields f={f} /> : <RemoteFields f={f} />}
      <TextField
        id="srv-desc"
        label="Description (optional)"
        value={draft.description}
        onChange={(v) => f.set('description', v)}
        autoComplete="off"
      />
      {f.formError !== undefined && (
        <div className="err-text" role="alert">
          {f.formError}
        </div>
      )}
      {f.apiError !== undefined && (
        <ErrorCallout error={f.apiError} title="The gateway did not add the server" />
      )}
      <div className="row">
        <button type="submit" className="btn primary" disabled={f.busy}>
          {f.busy ? 'Adding…' : 'Add server'}
        </button>
        <button type="button" className="btn ghost" onClick={() => setDraft(EMPTY_DRAFT)}>
          Clear
        </button>
      </div>
    </form>
  );
}
