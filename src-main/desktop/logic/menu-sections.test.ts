import { describe, expect, it } from 'vitest';

import type { MenuInput } from './menu-model.js';
import { attentionItems, gatewayItems, MAX_INLINE_SERVERS, serverItems } from './menu-sections.js';
import type { ServerSummary } from './tray-state.js';

const input = (over: Partial<MenuInput> = {}): MenuInput => ({
  servers: [],
  paused: false,
  startAtLogin: false,
  autoUpdate: true,
  endpoint: 'http://127.0.0.1:7411/mcp',
  ...over,
});
const server = (name: string, state: ServerSummary['state']) => ({ name, state }) as ServerSummary;

describe('menu sections', () => {
  it('put what only the user can fix first, each kind closed by a separator', () => {
    const servers = [server('a', 'needs-sign-in'), server('b', 'needs-approval'), server('c', 'running')];
    const items = attentionItems(servers, input({ pendingReview: { c: 2, d: 0 } }));
    expect(items.map((i) => i.id)).toEqual([
      'sign-in:a',
      'sep:sign-in',
      'approve:b',
      'sep:approve',
      'review:c',
      'sep:review',
    ]);
    expect(items[4]?.label).toBe('Review 2 held-back tools of c…');
    expect(items[0]?.action).toEqual({ type: 'sign-in', server: 'a' });
    expect(attentionItems([server('c', 'running')], input())).toEqual([]);
  });

  it('give each server a submenu by its state, the rest under More Servers', () => {
    const [asleep, failing] = serverItems([server('s', 'sleeping'), server('e', 'error')], true);
    expect(asleep?.label.startsWith('☾ s — ')).toBe(true);
    expect(asleep?.submenu?.map((i) => i.id)).toContain('server:s:wake');
    expect(failing?.submenu?.find((i) => i.id === 'server:e:reset')?.enabled).toBe(false);
    const many = Array.from({ length: MAX_INLINE_SERVERS + 2 }, (_, i) => server(`s${i}`, 'running'));
    const items = serverItems(many, false);
    expect(items).toHaveLength(MAX_INLINE_SERVERS + 1);
    expect(items.at(-1)?.label).toBe('More Servers (2)');
    expect(serverItems([], false).map((i) => i.id)).toEqual(['servers:none']);
  });

  it('offer resume when paused, and each setting’s switch to its other value', () => {
    const items = gatewayItems(input({ paused: true, startAtLogin: true }));
    const byId = new Map(items.map((i) => [i.id, i]));
    expect(byId.get('pause')?.action).toEqual({ type: 'resume' });
    expect(byId.get('start-at-login')?.action).toEqual({ type: 'set-start-at-login', on: false });
    expect(byId.get('auto-update')?.action).toEqual({ type: 'set-auto-update', on: false });
    expect(byId.get('copy-url')?.label).toContain('http://127.0.0.1:7411/mcp');
    expect(items.at(-1)?.id).toBe('quit');
  });
});
