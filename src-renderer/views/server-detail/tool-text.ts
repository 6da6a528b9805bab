import type { ToolSummary } from '../../../src-shared/api/schemas.js';

/** The parameters a tool takes, named from its input schema: "none" when it takes none. */
export function toolParameters(t: Pick<ToolSummary, 'inputSchema'>): string {
  const props = Object.keys((t.inputSchema?.properties ?? {}) as Record<string, unknown>);
  return props.length === 0 ? 'none' : props.join(', ');
}

/** Why a switched-on tool is not shown to clients; undefined when it is shown or switched off. */
export function hiddenLabel(
  t: Pick<ToolSummary, 'visible' | 'enabled' | 'hiddenReason'>,
): string | undefined {
  return !t.visible && t.enabled ? `hidden: ${t.hiddenReason ?? 'filtered'}` : undefined;
}
