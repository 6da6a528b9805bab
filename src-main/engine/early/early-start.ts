/**
 * The early answers of one start: opens the kept answers, installs the responder on the bound
 * port when this start can be answered from them, and lets the engine's loading wait briefly
 * for the handshakes of clients that connect at start-up (loading blocks the thread, so a
 * handshake that overlapped it would wait for it).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

import type { GatewayConfig } from '../../../src-shared/config.js';
import type { ListCache } from '../catalog/index.js';
import type { Identity } from '../identity/index.js';
import type { Logger } from '../types.js';
import { type AnswerRecorder, createRecorder } from './recorder.js';
import { createResponder, type EarlySession } from './responder.js';
import { fingerprintOf, openStartAnswers, startsFromCache } from './start-answers.js';

/** How long loading waits for a first request, and for the next one of a handshake under way. */
export const HANDSHAKE_QUIET_MS = 25;
/** The longest loading waits for handshakes in all. */
export const HANDSHAKE_MAX_MS = 250;

export interface EarlyStartInput {
  version: string;
  dataDir: string;
  config: () => GatewayConfig;
  listCache: Pick<ListCache, 'signature' | 'has'>;
  identity: Pick<Identity, 'check' | 'throttle'>;
  allows(req: IncomingMessage): boolean;
  /** Installs the responder in front of the requests that wait for the engine. */
  answerEarly(answer: (req: IncomingMessage, res: ServerResponse) => Promise<boolean>): void;
  logger: Logger;
  /** How long loading waits for handshakes (default HANDSHAKE_QUIET_MS, HANDSHAKE_MAX_MS). */
  wait?: HandshakeWait;
}

export interface HandshakeWait {
  /** For a first request, and for the next request of a handshake under way. */
  quietMs?: number;
  /** In all. */
  maxMs?: number;
}

export interface EarlyStart {
  recorder: AnswerRecorder;
  /** Resolves when no client is in the middle of an early handshake (bounded by HANDSHAKE_MAX_MS). */
  handshakes(): Promise<void>;
  /** The sessions opened early, for the engine to take over; nothing more is answered early. */
  takeSessions(): EarlySession[];
  /** Writes the answers that wait to be written. */
  flush(): Promise<void>;
}

export function startEarlyAnswers(input: EarlyStartInput): EarlyStart {
  const answers = openStartAnswers(input.dataDir, { logger: input.logger });
  const fingerprint = () =>
    fingerprintOf({
      version: input.version,
      dataDir: input.dataDir,
      config: input.config(),
      listCache: input.listCache,
    });
  const recorder = createRecorder({ answers, fingerprint });
  const config = input.config();
  const usable = answers.any() && startsFromCache(config, input.listCache);
  const responder = usable
    ? createResponder({
        identity: input.identity,
        allows: input.allows,
        answers,
        fingerprint: fingerprint(),
        mode: () => input.config().gateway.mode,
        maxBodyBytes: () => input.config().gateway.limits.maxBodyBytes,
        maxSessions: () => input.config().gateway.limits.maxSessions,
        logger: input.logger,
      })
    : undefined;
  if (responder !== undefined) {
    input.logger.debug('answering handshakes from the answers kept at the last run while the engine loads');
    input.answerEarly(responder.answer);
  }
  return {
    recorder,
    handshakes: () =>
      responder === undefined ? Promise.resolve() : waitForHandshakes(responder, input.wait ?? {}),
    takeSessions: () => responder?.takeSessions() ?? [],
    flush: () => answers.flush(),
  };
}

function waitForHandshakes(
  responder: ReturnType<typeof createResponder>,
  wait: HandshakeWait,
): Promise<void> {
  const quietMs = wait.quietMs ?? HANDSHAKE_QUIET_MS;
  return new Promise<void>((resolve) => {
    let settled = false;
    const finish = () => {
      if (!settled) {
        settled = true;
        clearTimeout(quiet);
        clearTimeout(cap);
        resolve();
      }
    };
    // Answers still being written: the thread must stay free until they are out (a tool list is
    // large, and loading would hold it back).
    let writing = 0;
    let quiet: NodeJS.Timeout | undefined = setTimeout(finish, quietMs);
    const cap = setTimeout(finish, wait.maxMs ?? HANDSHAKE_MAX_MS);
    responder.onActivity((event) => {
      clearTimeout(quiet);
      quiet = undefined;
      if (event === 'handedOver') {
        // A request only the engine can answer: it is needed now.
        finish();
      } else if (event === 'request') {
        writing += 1;
      } else {
        writing = Math.max(0, writing - 1);
        if (event === 'listed' && writing === 0) {
          // A handshake is over: the client's next request is for the engine.
          finish();
          return;
        }
      }
      if (writing === 0) {
        quiet = setTimeout(finish, quietMs);
      }
    });
  });
}
