import type { ServerResponse } from 'node:http';

import { errorMessage, Reply, resultMessage } from './fast-reply.js';
import type { FastPathState, FastSession, JsonRpcId } from './fast-state.js';

/**
 * The session's tools/list result as JSON. The catalog's list is serialised once per array (it
 * swaps the array when the list changes); meta mode's list is built per request.
 */
export function toolsListJson(fp: FastPathState, session: FastSession): string {
  if (session.meta !== undefined) {
    return JSON.stringify({ tools: session.meta.tools() });
  }
  const tools = fp.catalog.listTools(session.scope);
  let json = fp.listJson.get(tools);
  if (json === undefined) {
    json = JSON.stringify({ tools });
    fp.listJson.set(tools, json);
  }
  return json;
}

/** Answer a tools/list once the servers starting with the gateway have listed their tools. */
export function answerToolsList(
  fp: FastPathState,
  session: FastSession,
  id: JsonRpcId,
  res: ServerResponse,
): void {
  const reply = new Reply(res, session.id, fp.replies);
  fp.catalog
    .startupSettled()
    .then(() => {
      const json = toolsListJson(fp, session);
      reply.finish(resultMessage(id, json));
      fp.onToolsList?.(session.id, json);
    })
    .catch((err: unknown) => reply.finish(errorMessage(id, err)));
}
