import type { Readable } from 'node:stream';

import { type JSONRPCMessage, ReadBuffer } from '@modelcontextprotocol/client';

import { errorText } from '../../../src-shared/values.js';
import type { Logger } from '../../engine/types.js';

/**
 * Reads JSON-RPC messages, one a line, from the client's stdin; a line that is not JSON-RPC is
 * logged and skipped. `onEnd` runs when stdin ends or closes (the client went away). Returns
 * the function that stops reading.
 */
export function readMessages(
  stdin: Readable,
  onMessage: (message: JSONRPCMessage) => void,
  onEnd: () => void,
  logger: Logger,
): () => void {
  const buffer = new ReadBuffer();
  const onData = (chunk: Buffer) => {
    buffer.append(chunk);
    // Bounded by the chunk: each iteration consumes one complete line.
    for (;;) {
      let message: JSONRPCMessage | null;
      try {
        message = buffer.readMessage();
      } catch (err) {
        logger.warn('ignored a line on stdin that is not JSON-RPC', { err: errorText(err) });
        continue;
      }
      if (message === null) {
        break;
      }
      onMessage(message);
    }
  };
  stdin.on('data', onData);
  // StdioServerTransport ignores EOF; a bridge whose client is gone must end.
  stdin.once('end', onEnd);
  stdin.once('close', onEnd);
  stdin.resume();
  return () => stdin.off('data', onData);
}
