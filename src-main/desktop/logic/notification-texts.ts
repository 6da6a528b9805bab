/** The words of each desktop notification (pure). */
import type { DesktopNotification } from './notifications.js';

export interface Failure {
  server: string;
  kind: 'failed' | 'circuit';
  reason: string;
}

function describe(f: Failure): string {
  return f.kind === 'circuit'
    ? `${f.server} keeps failing and was stopped (circuit open)`
    : `${f.server} failed and is restarting`;
}

/** One failure with its reason and server, or several together. */
export function failureNotification(batch: readonly Failure[]): DesktopNotification {
  const [first] = batch;
  if (batch.length === 1 && first !== undefined) {
    return {
      title:
        first.kind === 'circuit'
          ? `${first.server} stopped after repeated failures`
          : `${first.server} failed`,
      body: `${describe(first)}.${first.reason ? ` ${first.reason}` : ''}`,
      server: first.server,
    };
  }
  return { title: `${batch.length} servers failed`, body: batch.map(describe).join('\n') };
}

export function recoveredNotification(server: string): DesktopNotification {
  return {
    title: `${server} is running again`,
    body: `${server} recovered and is serving its tools.`,
    server,
  };
}

/** Tools held back for review: the user has to act, or clients never see them. */
export function heldBackNotification(server: string, newlyHeld: readonly string[]): DesktopNotification {
  const n = newlyHeld.length;
  return {
    title: `${n === 1 ? `Tool ${newlyHeld[0] ?? ''}` : `${n} tools`} of ${server} held back`,
    body: `${newlyHeld.join(', ')} changed, ${n === 1 ? 'is' : 'are'} new or look poisoned. Clients do not see ${n === 1 ? 'it' : 'them'} until you review and approve.`,
    server,
  };
}
