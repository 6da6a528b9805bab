/**
 * Keeps what a 2025-era client was answered, for the next start (start-answers.ts): the frontends
 * report a session's key, its initialize result and each tools/list result; once a session has
 * both, the pair is kept with the fingerprint of the inputs at that moment.
 */
import type { AnswerKeyParts, StartAnswers } from './start-answers.js';
import { answerKey } from './start-answers.js';

/** Sessions followed at once; the oldest is forgotten first (a later list of it is then not kept). */
const MAX_SESSIONS = 256;

export interface AnswerRecorder {
  /** A session opened by `initialize`: what its answers are kept under. */
  opened(sessionId: string, parts: AnswerKeyParts): void;
  /** The initialize result it was sent, as JSON. */
  initialized(sessionId: string, result: string): void;
  /** A tools/list result it was sent, as JSON. */
  toolsListed(sessionId: string, result: string): void;
}

interface Followed {
  key: string;
  initialize: string | undefined;
}

export function createRecorder(deps: {
  answers: Pick<StartAnswers, 'keep'>;
  /** The fingerprint of the engine's inputs now. */
  fingerprint: () => string;
}): AnswerRecorder {
  const sessions = new Map<string, Followed>();
  return {
    opened(sessionId, parts) {
      if (sessions.size >= MAX_SESSIONS) {
        sessions.delete(sessions.keys().next().value as string);
      }
      sessions.set(sessionId, { key: answerKey(parts), initialize: undefined });
    },
    initialized(sessionId, result) {
      const s = sessions.get(sessionId);
      if (s !== undefined) {
        s.initialize = result;
      }
    },
    toolsListed(sessionId, tools) {
      const s = sessions.get(sessionId);
      if (s?.initialize !== undefined) {
        deps.answers.keep(s.key, { fingerprint: deps.fingerprint(), initialize: s.initialize, tools });
      }
    },
  };
}
