/**
 * Settings changed since the engine started that only take effect after a restart. Kept per
 * engine start time in sessionStorage, so a reload still shows them and a restart clears them.
 */
const KEY = 'mcp-gateway.pending-restart';

export function pendingRestart(startedAt: number | undefined): string[] {
  if (startedAt === undefined) {
    return [];
  }
  try {
    const v = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as {
      startedAt: number;
      fields: string[];
    } | null;
    return v !== null && v.startedAt === startedAt ? v.fields : [];
  } catch {
    return [];
  }
}

export function rememberPendingRestart(startedAt: number | undefined, fields: string[]): void {
  if (startedAt === undefined || fields.length === 0) {
    return;
  }
  try {
    const merged = [...new Set([...pendingRestart(startedAt), ...fields])];
    sessionStorage.setItem(KEY, JSON.stringify({ startedAt, fields: merged }));
  } catch {
    // not remembered across reloads; still shown now
  }
}
