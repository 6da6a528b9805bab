/**
 * The backend server state machine, shared by the engine (which drives it) and the UI (which
 * renders it). Every transition is emitted as a `server.state` event with a reason.
 */
export const SERVER_STATES = [
  'disabled',
  'stopped',
  'starting',
  'running',
  'degraded',
  'restarting',
  'error',
  'sleeping',
  'needs-sign-in',
  'needs-approval',
] as const;
export type ServerState = (typeof SERVER_STATES)[number];

/** Allowed transitions. Anything else is a bug in the supervisor. */
const SERVER_TRANSITIONS: Readonly<Record<ServerState, readonly ServerState[]>> = {
  // A disabled server only leaves that state when the user enables it.
  disabled: ['stopped', 'starting', 'sleeping'],
  // A stopped server with a valid list cache goes to sleep instead of starting.
  stopped: ['starting', 'disabled', 'sleeping'],
  starting: ['running', 'restarting', 'error', 'stopped', 'disabled', 'needs-sign-in', 'needs-approval'],
  running: [
    'degraded',
    'restarting',
    'stopped',
    'disabled',
    'starting',
    'error',
    'sleeping',
    'needs-sign-in',
  ],
  degraded: ['running', 'restarting', 'stopped', 'disabled', 'error', 'sleeping', 'needs-sign-in'],
  restarting: ['starting', 'stopped', 'disabled', 'error', 'needs-sign-in'],
  // The circuit is open: leaves by reset, a cool-down probe, a config change or disable.
  error: ['starting', 'stopped', 'disabled'],
  // Not running; its last lists are served from a cache. The first request that needs it wakes it.
  sleeping: ['starting', 'stopped', 'disabled'],
  // A remote server that asked for OAuth: leaves when the user signs in, stops or disables it.
  'needs-sign-in': ['starting', 'stopped', 'disabled'],
  // Imported from another client's project file, or wanting variables nobody confirmed: leaves
  // when the user approves it (or stops, disables or removes it). Nothing runs before.
  'needs-approval': ['starting', 'stopped', 'disabled'],
};

export function canTransition(from: ServerState, to: ServerState): boolean {
  return SERVER_TRANSITIONS[from].includes(to);
}

/** Health as the tray and overview summarise it. */
export type HealthLevel = 'ok' | 'degraded' | 'failed' | 'paused' | 'empty';

/** Summarise server states into one health level (the tray colour). */
export function summariseHealth(states: readonly ServerState[], paused = false): HealthLevel {
  if (paused) {
    return 'paused';
  }
  const active = states.filter((s) => s !== 'disabled' && s !== 'stopped');
  if (active.length === 0) {
    return 'empty';
  }
  if (active.includes('error')) {
    return 'failed';
  }
  // A server waiting for the user to sign in or approve it cannot serve anything until they do.
  if (
    active.some(
      (s) =>
        s === 'degraded' ||
        s === 'restarting' ||
        s === 'starting' ||
        s === 'needs-sign-in' ||
        s === 'needs-approval',
    )
  ) {
    return 'degraded';
  }
  return 'ok';
}

export type StateCounts = Record<ServerState, number>;

/** Memory in MiB for people ("312 MiB"), from bytes. */
export function formatMiB(bytes: number): string {
  const mib = bytes / (1024 * 1024);
  return `${mib >= 10 ? Math.round(mib) : mib.toFixed(1)} MiB`;
}

/**
 * What sleeping servers save: the footprint each had when it last ran, summed over those
 * asleep now (servers never measured count nothing).
 */
export function memorySaved(
  servers: ReadonlyArray<{ state: ServerState; footprintBytes?: number | undefined }>,
): number {
  return servers.reduce((n, s) => n + (s.state === 'sleeping' ? (s.footprintBytes ?? 0) : 0), 0);
}

export function countStates(states: readonly ServerState[]): StateCounts {
  const counts = Object.fromEntries(SERVER_STATES.map((s) => [s, 0])) as StateCounts;
  for (const s of states) {
    counts[s] += 1;
  }
  return counts;
}
