import type { ReactNode } from 'react';

import type { RouteDef } from '../../src-shared/api/contract.js';
import { EngineContext } from '../api/context.js';
import type { EngineLink } from '../api/engine.js';

/** One request a hook made: the route's id and what it sent. */
export interface SentRequest {
  route: string;
  input: { params?: Record<string, unknown>; body?: unknown } | undefined;
}

/**
 * An engine link for hook tests: each request is recorded and answered by `answer` (by the
 * route's id), and refreshes are recorded. What the engine does with a request is the API
 * tests' and the end-to-end tests' business; a hook test checks what the hook asks and shows.
 */
export function recordingLink(answer: (route: string, input: SentRequest['input']) => unknown) {
  const sent: SentRequest[] = [];
  const refreshed: string[][] = [];
  const link = {
    api: {
      baseUrl: 'http://127.0.0.1:1',
      url: () => 'http://127.0.0.1:1',
      async call(route: RouteDef, input?: SentRequest['input']) {
        sent.push({ route: route.id, input });
        return answer(route.id, input);
      },
      async stream() {},
    },
    desktop: undefined,
    refresh: (what: string[]) => refreshed.push(what),
    setToken: () => {},
    close: () => {},
  } as unknown as EngineLink;
  const wrapper = ({ children }: { children: ReactNode }) => (
    <EngineContext.Provider value={link}>{children}</EngineContext.Provider>
  );
  return { link, sent, refreshed, wrapper };
}
