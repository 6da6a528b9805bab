import type { ParsedServer } from '../../../src-shared/server-snippets.js';
import { Field } from '../../components/field.js';
import { commandLine } from '../../lib/catalog.js';
import { type Draft, draftFrom } from './draft.js';
import { type PasteState, usePaste } from './use-paste.js';

/** One server found in the snippet: Edit opens it in the form; after Add all, what happened to it. */
function FoundRow({
  s,
  result,
  onSingle,
}: {
  s: ParsedServer;
  result: string | undefined;
  onSingle: (d: Draft) => void;
}) {
  return (
    <tr>
      <td>
        <b>{s.name}</b>
        <div className="mono faint" style={{ overflowWrap: 'anywhere' }}>
          {commandLine(s.config)}
        </div>
      </td>
      <td className="num">
        {result === undefined ? (
          <button className="btn sm" onClick={() => onSingle(draftFrom(s))}>
            Edit
          </button>
        ) : result === 'added' ? (
          <span className="tag ok">Added</span>
        ) : (
          <span className="tag bad" title={result}>
            {result}
          </span>
        )}
      </td>
    </tr>
  );
}

/** The servers found in the snippet, with Add all. */
function FoundCard({
  p,
  parsed,
  onSingle,
}: {
  p: PasteState;
  parsed: ParsedServer[];
  onSingle: (d: Draft) => void;
}) {
  return (
    <div className="card">
      <div className="card-head">
        <h2>{parsed.length} servers found</h2>
        <button className="btn primary sm" disabled={p.busy} onClick={() => void p.addAll()}>
          Add all {parsed.length}
        </button>
      </div>
      <table className="table">
        <tbody>
          {parsed.map((s) => (
            <FoundRow key={s.name} s={s} result={p.results[s.name]} onSingle={onSingle} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A pasted client config snippet or command line: one server opens in the form, several are added together. */
export function PastePanel({
  onSingle,
  onDone,
}: {
  onSingle: (d: Draft) => void;
  onDone: (name?: string) => void;
}) {
  const p = usePaste(onSingle, onDone);
  return (
    <div className="stack" style={{ gap: 12 }}>
      <Field id="paste" label="JSON snippet or command line">
        <textarea
          id="paste"
          className="textarea"
          rows={8}
          spellCheck={false}
          value={p.text}
          onChange={(e) => p.setText(e.target.value)}
          placeholder={
            '{\n  "mcpServers": {\n    "memory": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-memory"] }\n  }\n}\n\nor: claude mcp add github -e GITHUB_TOKEN=... -- npx -y @modelcontextprotocol/server-github'
          }
          aria-invalid={p.error !== undefined}
        />
        <span className="help">
          From a client config (Claude Desktop, Cursor, VS Code, ...) or a README. One server opens in the
          form; several are added together.
        </span>
        {p.error !== undefined && (
          <span className="err" role="alert">
            {p.error}
          </span>
        )}
      </Field>
      <div>
        <button className="btn primary" onClick={p.parse} disabled={p.text.trim() === ''}>
          Read snippet
        </button>
      </div>
      {p.parsed !== undefined && <FoundCard p={p} parsed={p.parsed} onSingle={onSingle} />}
    </div>
  );
}
