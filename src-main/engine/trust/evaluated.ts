import type { Tool } from '@modelcontextprotocol/client';

import type { Finding, ToolTrust, ToolTrustStatus } from '../../../src-shared/api/trust.js';

/** One listed tool as trust last saw it: its hash, findings and whether it is held back. */
export interface Evaluated {
  tool: Tool;
  hash: string;
  findings: Finding[];
  status: ToolTrustStatus;
  held: boolean;
  pinnedHash?: string;
  renamedFrom?: string;
}

/** What the API shows of one evaluated tool. */
export function toolTrust(server: string, e: Evaluated): ToolTrust {
  return {
    server,
    name: e.tool.name,
    status: e.status,
    held: e.held,
    hash: e.hash,
    ...(e.pinnedHash !== undefined ? { pinnedHash: e.pinnedHash } : {}),
    findings: e.findings,
    ...(e.renamedFrom !== undefined ? { renamedFrom: e.renamedFrom } : {}),
  };
}

/** How many of a server's evaluated tools are held back. */
export function heldCount(evals: Map<string, Evaluated> | undefined): number {
  return [...(evals?.values() ?? [])].filter((e) => e.held).length;
}
