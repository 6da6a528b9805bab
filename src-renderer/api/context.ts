import { createContext, useContext } from 'react';

import type { EngineLink } from './engine.js';

export const EngineContext = createContext<EngineLink | undefined>(undefined);

/** The engine link for components; set once at boot. */
export function useEngine(): EngineLink {
  const link = useContext(EngineContext);
  if (link === undefined) {
    throw new Error('useEngine outside <EngineContext.Provider>');
  }
  return link;
}
