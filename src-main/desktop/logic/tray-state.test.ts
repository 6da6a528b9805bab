import { describe, expect, it } from 'vitest';

import type { ServerState } from '../../../src-shared/states.js';
import {
  buildMenuModel,
  MAX_INLINE_SERVERS,
  type MenuItemModel,
  runTrayAction,
  type TrayAction,
} from './menu-model.js';
import { trayIconFile, trayState } from './tray-state.js';

const s = (name: string, state: ServerState) => ({ name, state });

describe('tray state', () => {
  it('summarises health and counts for the icon and tooltip', () => {
    expect(trayState([], false)).toMatchObject({ health: 'empty', status: 'No servers yet' });
    expect(trayState([s('a', 'running'), s('b', 'running')], false)).toMatchObject({
      health: 'ok',
      tooltip: 'MCP Gateway — 2 of 2 servers running',
    });
    const mixed = trayState(
      [s('a', 'running'), s('b', 'restarting'), s('c', 'error'), s('d', 'disabled')],
      false,
    );
    expect(mixed.health).toBe('failed');
    expect(mixed.status).toBe('1 of 3 servers running · 1 failed · 1 restarting · 1 disabled');
    expect(trayState([s('a', 'running'), s('b', 'degraded')], false).health).toBe('degraded');
    expect(trayState([s('a', 'disabled')], false)).toMatchObject({
      health: 'empty',
      status: '1 server, none enabled',
    });
    expect(trayState([s('a', 'stopped'), s('b', 'stopped')], true)).toMatchObject({
      health: 'paused',
      status: 'Paused · 2 servers stopped',
    });
  });

  it('picks template images on macOS and light/dark variants elsewhere', () => {
    expect(trayIconFile('failed', 'darwin', true)).toBe('tray-failedTemplate.png');
    expect(trayIconFile('ok', 'win32', false)).toBe('tray-ok-light.png');
    expect(trayIconFile('paused', 'linux', true)).toBe('tray-paused-dark.png');
  });
});

function find(items: MenuItemModel[], id: string): MenuItemModel | undefined {
  for (const i of items) {
    if (i.id === id) {
      return i;
    }
    const sub = i.submenu === undefined ? undefined : find(i.submenu, id);
    if (sub !== undefined) {
      return sub;
    }
  }
  return undefined;
}

describe('tray menu model', () => {
  const base = {
    paused: false,
    startAtLogin: false,
    autoUpdate: true,
    endpoint: 'http://127.0.0.1:7411/mcp',
  };

  it('lists each server with its state, enable/disable and restart', () => {
    const menu = buildMenuModel({
      ...base,
      servers: [s('zeta', 'running'), s('alpha', 'error'), s('mid', 'disabled')],
    });
    expect(menu[0]).toMatchObject({
      id: 'status',
      enabled: false,
      label: '1 of 2 servers running · 1 failed · 1 disabled',
    });
    const servers = menu.filter((i) => i.id.startsWith('server:')).map((i) => i.label);
    expect(servers).toEqual(['✕ alpha — failed (circuit open)', '○ mid — disabled', '● zeta — running']);
    expect(find(menu, 'server:zeta:enabled')).toMatchObject({
      checked: true,
      action: { type: 'disable', server: 'zeta' },
    });
    expect(find(menu, 'server:mid:enabled')).toMatchObject({
      checked: false,
      action: { type: 'enable', server: 'mid' },
    });
    expect(find(menu, 'server:mid:restart')?.enabled).toBe(false);
    expect(find(menu, 'server:alpha:reset')?.action).toEqual({ type: 'reset-circuit', server: 'alpha' });
    expect(find(menu, 'server:zeta:reset')).toBeUndefined();
    expect(find(menu, 'copy-url')?.label).toContain('http://127.0.0.1:7411/mcp');
    expect(find(menu, 'pause')?.action).toEqual({ type: 'pause' });
    expect(find(menu, 'start-at-login')).toMatchObject({
      checked: false,
      action: { type: 'set-start-at-login', on: true },
    });
    expect(menu.at(-1)?.action).toEqual({ type: 'quit' });
  });

  it('counts sleeping servers beside the running ones and offers to wake one', () => {
    const servers = [
      ...Array.from({ length: 3 }, (_, i) => s(`run${i}`, 'running')),
      ...Array.from({ length: 17 }, (_, i) => s(`nap${String(i).padStart(2, '0')}`, 'sleeping')),
    ];
    const menu = buildMenuModel({ ...base, servers });
    expect(menu[0]?.label).toBe('3 running · 17 sleeping');
    expect(trayState(servers, false)).toMatchObject({
      health: 'ok',
      tooltip: 'MCP Gateway — 3 running · 17 sleeping',
    });
    expect(find(menu, 'server:nap00')?.label).toBe('☾ nap00 — sleeping');
    expect(find(menu, 'server:nap00:wake')).toMatchObject({
      label: 'Wake Now',
      action: { type: 'wake', server: 'nap00' },
    });
    expect(find(menu, 'server:run0:wake')).toBeUndefined();
    // The tooltip adds what the sleeping ones save (their footprint when they last ran).
    const measured = servers.map((x, i) =>
      i === 3 || i === 4 ? { ...x, footprintBytes: 100 * 2 ** 20 } : x,
    );
    expect(trayState(measured, false).tooltip).toBe('MCP Gateway — 3 running · 17 sleeping, saving 200 MiB');
    const sleepyOnly = trayState([s('a', 'sleeping'), s('b', 'error')], false);
    expect(sleepyOnly).toMatchObject({ health: 'failed', status: '0 running · 1 sleeping · 1 failed' });
  });

  it('offers resume while paused and folds long server lists', () => {
    const many = Array.from({ length: MAX_INLINE_SERVERS + 3 }, (_, i) =>
      s(`srv${String(i).padStart(2, '0')}`, 'stopped'),
    );
    const menu = buildMenuModel({ ...base, paused: true, servers: many });
    expect(find(menu, 'pause')).toMatchObject({ label: 'Resume Gateway', action: { type: 'resume' } });
    expect(find(menu, 'servers:more')?.submenu).toHaveLength(3);
    expect(find(menu, 'server:srv00:restart')?.enabled).toBe(false);
    expect(buildMenuModel({ ...base, servers: [] }).map((i) => i.id)).toContain('servers:none');
  });

  it('dispatches every action to the app', async () => {
    const calls: string[] = [];
    const deps = {
      endpoint: 'http://127.0.0.1:1/mcp',
      openWindow: (v?: { server?: string }) => void calls.push(`open:${v?.server ?? ''}`),
      copyText: (t: string) => void calls.push(`copy:${t}`),
      pause: () => Promise.resolve(void calls.push('pause')),
      resume: () => Promise.resolve(void calls.push('resume')),
      setServerDisabled: (n: string, d: boolean) => Promise.resolve(void calls.push(`disabled:${n}:${d}`)),
      restart: (n: string) => Promise.resolve(void calls.push(`restart:${n}`)),
      wake: (n: string) => Promise.resolve(void calls.push(`wake:${n}`)),
      resetCircuit: (n: string) => Promise.resolve(void calls.push(`reset:${n}`)),
      signIn: (n: string) => Promise.resolve(void calls.push(`sign-in:${n}`)),
      setStartAtLogin: (on: boolean) => void calls.push(`login:${on}`),
      setAutoUpdate: (on: boolean) => void calls.push(`update:${on}`),
      quit: () => void calls.push('quit'),
    };
    const actions: TrayAction[] = [
      { type: 'open-dashboard' },
      { type: 'open-server', server: 'a' },
      { type: 'copy-url' },
      { type: 'pause' },
      { type: 'resume' },
      { type: 'enable', server: 'a' },
      { type: 'disable', server: 'a' },
      { type: 'restart', server: 'a' },
      { type: 'wake', server: 'a' },
      { type: 'reset-circuit', server: 'a' },
      { type: 'sign-in', server: 'a' },
      { type: 'set-start-at-login', on: true },
      { type: 'set-auto-update', on: false },
      { type: 'quit' },
    ];
    for (const a of actions) {
      await runTrayAction(a, deps);
    }
    expect(calls).toEqual([
      'open:',
      'open:a',
      'copy:http://127.0.0.1:1/mcp',
      'pause',
      'resume',
      'disabled:a:false',
      'disabled:a:true',
      'restart:a',
      'wake:a',
      'reset:a',
      'sign-in:a',
      'login:true',
      'update:false',
      'quit',
    ]);
  });

  it('offers to review the tools tool trust held back, per server, at the top', () => {
    const items = buildMenuModel({
      ...base,
      servers: [s('calc', 'running'), s('web', 'running')],
      pendingReview: { web: 2, calc: 1, mem: 0 },
    });
    expect(find(items, 'review:calc')).toMatchObject({
      label: 'Review 1 held-back tool of calc…',
      action: { type: 'open-server', server: 'calc' },
    });
    expect(find(items, 'review:web')?.label).toBe('Review 2 held-back tools of web…');
    expect(find(items, 'review:mem')).toBeUndefined();
    const ids = items.map((i) => i.id);
    expect(ids.indexOf('review:calc')).toBeLessThan(ids.indexOf('review:web'));
    expect(ids.indexOf('review:web')).toBeLessThan(ids.indexOf('server:calc'));
    expect(
      buildMenuModel({ ...base, servers: [s('calc', 'running')] }).some((i) => i.id.startsWith('review:')),
    ).toBe(false);
  });

  it('offers "Sign in to <server>…" at the top and in the server\'s menu when it needs sign-in', () => {
    const items = buildMenuModel({
      servers: [s('linear', 'needs-sign-in'), s('mem', 'running')],
      paused: false,
      startAtLogin: false,
      autoUpdate: false,
      endpoint: 'http://127.0.0.1:1/mcp',
    });
    const top = find(items, 'sign-in:linear');
    expect(top).toMatchObject({
      label: 'Sign in to linear…',
      enabled: true,
      action: { type: 'sign-in', server: 'linear' },
    });
    expect(find(items, 'server:linear:sign-in')?.label).toBe('Sign in to linear…');
    expect(find(items, 'sign-in:mem')).toBeUndefined();
    expect(find(items, 'server:mem:sign-in')).toBeUndefined();
    const paused = buildMenuModel({
      servers: [s('linear', 'needs-sign-in')],
      paused: true,
      startAtLogin: false,
      autoUpdate: false,
      endpoint: 'http://127.0.0.1:1/mcp',
    });
    expect(find(paused, 'sign-in:linear')?.enabled).toBe(false);
  });

  it('offers "Review <server> before it runs…" at the top for an imported server waiting for approval', () => {
    const items = buildMenuModel({
      servers: [s('repo-tool', 'needs-approval'), s('mem', 'running')],
      paused: false,
      startAtLogin: false,
      autoUpdate: false,
      endpoint: 'http://127.0.0.1:1/mcp',
    });
    // It opens the page that shows what would run: approving blind from a menu would defeat the point.
    expect(find(items, 'approve:repo-tool')).toMatchObject({
      label: 'Review repo-tool before it runs…',
      action: { type: 'open-server', server: 'repo-tool' },
    });
    expect(find(items, 'approve:mem')).toBeUndefined();
    expect(trayState([s('repo-tool', 'needs-approval')], false).health).toBe('degraded');
  });
});
