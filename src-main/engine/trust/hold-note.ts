import type { Evaluated } from './evaluated.js';

/** Why a held-back tool is hidden and what to do about it, as clients and the dashboard show it. */
export function holdNote(server: string, e: Evaluated): string {
  const review = `Review it in the gateway's dashboard (server "${server}") or with \`mcp-gateway tools review ${server}\`, then approve it.`;
  const label = `Tool "${e.tool.name}" of server "${server}"`;
  switch (e.status) {
    case 'changed':
      return `${label} is held back: its definition changed since it was approved. ${review}`;
    case 'new':
      return e.renamedFrom !== undefined
        ? `${label} is held back: it is "${e.renamedFrom}" under a new name, not yet approved. ${review}`
        : `${label} is held back: it is new since the server was approved. ${review}`;
    case 'flagged': {
      const high = e.findings.filter((f) => f.severity === 'high').map((f) => f.rule);
      return `${label} is held back: its description was flagged (${[...new Set(high)].join(', ')}). ${review}`;
    }
    case 'rejected':
      return `${label} was rejected in a review and stays hidden until the server changes it. Approve it with \`mcp-gateway tools approve ${server} ${e.tool.name}\` to use it.`;
    default:
      return `${label} is held back. ${review}`;
  }
}
