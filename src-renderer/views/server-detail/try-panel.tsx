import { useMemo } from 'react';

import { Field } from '../../components/field.js';
import { useTools } from '../../stores/tools.js';
import { ToolRunner } from '../tool-runner.js';

/** Try a tool of the server: pick one, fill its form, call it. */
export function TryPanel({
  name,
  tool,
  setTool,
}: {
  name: string;
  tool: string | undefined;
  setTool: (t: string) => void;
}) {
  const all = useTools((s) => s.tools);
  const tools = useMemo(() => all.filter((t) => t.server === name), [all, name]);
  const current = tools.find((t) => t.name === tool) ?? tools[0];
  if (current === undefined) {
    return <div className="card-pad faint">This server has no tools to call yet.</div>;
  }
  return (
    <div className="card-pad stack" style={{ gap: 14 }}>
      <Field id="try-tool" label="Tool" hint={current.description} style={{ maxWidth: 360 }}>
        <select
          id="try-tool"
          className="select"
          value={current.name}
          onChange={(e) => setTool(e.target.value)}
          aria-describedby={current.description !== undefined ? 'try-tool-help' : undefined}
        >
          {tools.map((t) => (
            <option key={t.name} value={t.name}>
              {t.name}
            </option>
          ))}
        </select>
      </Field>
      <ToolRunner key={current.id} tool={current} />
    </div>
  );
}
