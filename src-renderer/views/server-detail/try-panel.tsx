import { useMemo } from 'react';

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
      <div className="field" style={{ maxWidth: 360 }}>
        <label htmlFor="try-tool">Tool</label>
        <select
          id="try-tool"
          className="select"
          value={current.name}
          onChange={(e) => setTool(e.target.value)}
        >
          {tools.map((t) => (
            <option key={t.name} value={t.name}>
              {t.name}
            </option>
          ))}
        </select>
        {current.description !== undefined && <span className="help">{current.description}</span>}
      </div>
      <ToolRunner key={current.id} tool={current} />
    </div>
  );
}
