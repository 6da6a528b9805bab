/**
 * What the tray shows for a set of server states: one health level (the icon), a status line
 * and a tooltip with counts. Pure, so the tray glue only maps it onto Electron.
 */
import {
  countStates,
  formatMiB,
  type HealthLevel,
  memorySaved,
  type ServerState,
  summariseHealth,
} from '../../../src-shared/states.js';

export interface ServerSummary {
  name: string;
  state: ServerState;
  /** Memory of the server's process tree when it last ran (what sleeping saves). */
  footprintBytes?: number | undefined;
}

export interface TrayState {
  health: HealthLevel;
  /** One line for the top of the menu, e.g. "3 of 4 servers running · 1 failed". */
  status: string;
  /** Tooltip: product name plus the status line, and what sleeping servers save. */
  tooltip: string;
  total: number;
  running: number;
}

const PRODUCT_NAME = 'MCP Gateway';

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function trayState(servers: readonly ServerSummary[], paused: boolean): TrayState {
  const states = servers.map((s) => s.state);
  const health = summariseHealth(states, paused);
  const c = countStates(states);
  const total = servers.length;
  const running = c.running;
  let status: string;
  if (paused) {
    status = `Paused · ${plural(total, 'server')} stopped`;
  } else if (total === 0) {
    status = 'No servers yet';
  } else if (c.disabled + c.stopped === total) {
    status = `${plural(total, 'server')}, none enabled`;
  } else {
    const active = total - c.disabled;
    // Sleeping servers are healthy and cost nothing: counted beside the running ones, not as missing.
    const parts =
      c.sleeping > 0
        ? [`${running} running`, `${c.sleeping} sleeping`]
        : [`${running} of ${plural(active, 'server')} running`];
    if (c.error > 0) {
      parts.push(`${c.error} failed`);
    }
    if (c.restarting > 0) {
      parts.push(`${c.restarting} restarting`);
    }
    if (c.degraded > 0) {
      parts.push(`${c.degraded} degraded`);
    }
    if (c.starting > 0) {
      parts.push(`${c.starting} starting`);
    }
    if (c.stopped > 0) {
      parts.push(`${c.stopped} stopped`);
    }
    if (c.disabled > 0) {
      parts.push(`${c.disabled} disabled`);
    }
    status = parts.join(' · ');
  }
  const saved = paused ? 0 : memorySaved(servers);
  const tooltip = `${PRODUCT_NAME} — ${status}${saved > 0 ? `, saving ${formatMiB(saved)}` : ''}`;
  return { health, status, tooltip, total, running };
}

/** Tray image base names per health level, as generated into resources/tray. */
const TRAY_ICON_NAMES: Readonly<Record<HealthLevel, string>> = {
  ok: 'tray-ok',
  degraded: 'tray-degraded',
  failed: 'tray-failed',
  paused: 'tray-paused',
  empty: 'tray-empty',
};

/**
 * The tray image file for a health level. macOS menu bars take black+alpha template images
 * (the OS tints them for light and dark bars; Electron picks `@2x` itself); elsewhere a
 * coloured dot on a glyph drawn for the bar's brightness.
 */
export function trayIconFile(health: HealthLevel, platform: NodeJS.Platform, darkBar: boolean): string {
  const base = TRAY_ICON_NAMES[health];
  if (platform === 'darwin') {
    return `${base}Template.png`;
  }
  return `${base}${darkBar ? '-dark' : '-light'}.png`;
}

/** Human words for each state, used in the menu. */
export const STATE_LABELS: Readonly<Record<ServerState, string>> = {
  disabled: 'disabled',
  stopped: 'stopped',
  starting: 'starting…',
  running: 'running',
  degraded: 'degraded',
  restarting: 'restarting…',
  error: 'failed (circuit open)',
  sleeping: 'sleeping',
  'needs-sign-in': 'needs sign-in',
  'needs-approval': 'waiting for approval',
};
