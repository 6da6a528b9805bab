import { Play } from 'lucide-react';

import type { ToolSummary } from '../../src-shared/api/schemas.js';
import { ErrorCallout } from '../components/error-callout.js';
import { TextField } from '../components/field.js';
import { ArgField, ResultView } from './tool-runner/parts.js';
import { type ToolRunnerModel, useToolRunner } from './tool-runner/use-tool-runner.js';

function ModeSwitch({ m }: { m: ToolRunnerModel }) {
  return (
    <div className="row">
      <div className="segmented" role="group" aria-label="Arguments as">
        <button
          type="button"
          aria-pressed={m.mode === 'form'}
          onClick={() => m.setMode('form')}
          disabled={m.fields.length === 0 && m.mode === 'json'}
        >
          Form
        </button>
        <button type="button" aria-pressed={m.mode === 'json'} onClick={m.toJson}>
          JSON
        </button>
      </div>
    </div>
  );
}

function JsonArgs({ m, id }: { m: ToolRunnerModel; id: string }) {
  return (
    <TextField
      id={id}
      label="Arguments (JSON)"
      rows={8}
      spellCheck={false}
      value={m.json}
      onChange={m.setJson}
      error={m.errors._json}
    />
  );
}

/** Call a tool with arguments from a form generated from its schema, or as JSON, and show the answer. */
export function ToolRunner({ tool }: { tool: ToolSummary }) {
  const m = useToolRunner(tool);
  return (
    <form
      className="stack"
      style={{ gap: 12 }}
      aria-label={`Call ${tool.name}`}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void m.run();
      }}
    >
      <ModeSwitch m={m} />
      {m.mode === 'json' ? (
        <JsonArgs m={m} id={`json-${tool.id}`} />
      ) : m.fields.length === 0 ? (
        <div className="faint">This tool takes no arguments.</div>
      ) : (
        m.fields.map((f) => <ArgField key={f.name} m={m} f={f} id={`arg-${tool.id}-${f.name}`} />)
      )}
      <div>
        <button type="submit" className="btn primary" disabled={m.busy}>
          <Play size={13} /> {m.busy ? 'Calling…' : `Call ${tool.name}`}
        </button>
      </div>
      {m.apiError !== undefined && <ErrorCallout error={m.apiError} title="The call did not go through" />}
      {m.result !== undefined && <ResultView result={m.result} raw={m.raw} setRaw={m.setRaw} />}
    </form>
  );
}
