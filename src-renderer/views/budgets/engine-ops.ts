import { type ContextPreviewBody } from '../../../src-shared/api/context.js';
import * as routes from '../../../src-shared/api/routes.js';
import type { ToolSummary } from '../../../src-shared/api/schemas.js';
import type { ToolControls } from '../../../src-shared/config.js';
import { setToolEnabled } from '../../api/actions.js';
import type { EngineLink } from '../../api/engine.js';
import { useSettings } from '../../stores/settings.js';
import { foldControls, gatewayPatch, pinnedServers, type Staged, stagedServers, toolKey } from './staged.js';

/** The server's tool controls with the staged switches and pins folded in (other controls unchanged). */
async function proposedControls(
  link: EngineLink,
  server: string,
  s: Staged,
  tools: ToolSummary[],
): Promise<ToolControls> {
  const detail = await link.api.call(routes.getServer, { params: { name: server } });
  return foldControls((detail.config.tools ?? {}) as ToolControls, server, s, tools);
}

/** Build the preview body: per-server tool controls with the staged changes, and staged settings. */
export async function previewBody(
  link: EngineLink,
  s: Staged,
  tools: ToolSummary[],
): Promise<ContextPreviewBody> {
  const body: ContextPreviewBody = {};
  const servers = stagedServers(s, tools);
  if (servers.length > 0) {
    body.servers = {};
    for (const server of servers) {
      body.servers[server] = await proposedControls(link, server, s, tools);
    }
  }
  const gateway = gatewayPatch(s);
  if (gateway !== undefined) {
    body.gateway = gateway;
  }
  return body;
}

/** Apply the staged changes: tool switches, then pins per server, then gateway settings. */
export async function applyStaged(link: EngineLink, staged: Staged, tools: ToolSummary[]): Promise<void> {
  for (const t of tools) {
    const want = staged.tools[toolKey(t)];
    if (want !== undefined && want !== t.enabled) {
      await setToolEnabled(link, t.server, t.name, want);
    }
  }
  // Pins go into each server's tool controls (after the switches above, so those are kept).
  for (const server of pinnedServers(staged)) {
    const controls = await proposedControls(link, server, { tools: {}, pins: staged.pins }, tools);
    await link.api.call(routes.updateServer, { params: { name: server }, body: { tools: controls } });
  }
  const patch = gatewayPatch(staged);
  if (patch !== undefined) {
    const r = await link.api.call(routes.updateSettings, { body: patch });
    useSettings.setState({ settings: r.settings, restartRequired: r.restartRequired });
  }
  link.refresh(['tools', 'servers', 'context', 'health']);
}
