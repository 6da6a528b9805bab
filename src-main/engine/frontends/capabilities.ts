import type { ClientCapabilities } from '@modelcontextprotocol/server';

import type { ClientRequestMethod } from '../catalog/index.js';

/** The client capability a server→client request needs, or undefined when the client has it. */
export function needsCapability(
  caps: ClientCapabilities | undefined,
  method: ClientRequestMethod,
  params: Record<string, unknown> | undefined,
): string | undefined {
  if (method === 'sampling/createMessage') {
    return caps?.sampling === undefined ? 'sampling' : undefined;
  }
  if (method === 'roots/list') {
    return caps?.roots === undefined ? 'roots' : undefined;
  }
  const elicitation = caps?.elicitation as { form?: unknown; url?: unknown } | undefined;
  if (elicitation === undefined) {
    return 'elicitation';
  }
  if (params?.['mode'] === 'url' && elicitation.url === undefined) {
    return 'URL-mode elicitation';
  }
  return undefined;
}

/** The capabilities object a -32021 error names for a request the client cannot answer. */
export function requiredCapabilities(
  method: ClientRequestMethod,
  params: Record<string, unknown> | undefined,
): ClientCapabilities {
  if (method === 'sampling/createMessage') {
    return { sampling: {} };
  }
  if (method === 'roots/list') {
    return { roots: {} };
  }
  return { elicitation: params?.['mode'] === 'url' ? { url: {} } : { form: {} } };
}
