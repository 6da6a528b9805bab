import type { z } from 'zod';
import { create } from 'zustand';

import type { HealthSchema } from '../../src-shared/api/schemas.js';

type Health = z.infer<typeof HealthSchema>;

/** `no-token`: opened without the token link; `unauthorized`: the token was refused. */
type LinkStatus = 'connecting' | 'online' | 'offline' | 'unauthorized' | 'no-token';

interface ConnectionState {
  status: LinkStatus;
  /** Why the link is down, in words. */
  detail: string | undefined;
  /** When the next reconnect attempt is due. */
  retryAt: number | undefined;
  /** Set once the first snapshot has been loaded. */
  everOnline: boolean;
  health: Health | undefined;
  apiBase: string;
  desktop: boolean;
}

export const useConnection = create<ConnectionState>(() => ({
  status: 'connecting',
  detail: undefined,
  retryAt: undefined,
  everOnline: false,
  health: undefined,
  apiBase: '',
  desktop: false,
}));
