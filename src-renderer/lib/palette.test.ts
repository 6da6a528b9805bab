import { describe, expect, it } from 'vitest';

import type { ServerRow } from '../stores/servers.js';
import { buildCommands, matchCommands, type PaletteActions } from './palette.js';

const server = (name: string, over: Partial<ServerRow> = {}) =>
  ({ name, disabled: false, state: 'running', ...over }) as ServerRow;

function recorder() {
  const done: string[] = [];
  const act: PaletteActions = {
    navigate: (h) => done.push(`go ${h}`),
    setTheme: (t) => done.push(`theme ${t}`),
    serverAction: (s, a) => done.push(`${a} ${s}`),
  };
  return { act, done };
}

describe('command palette commands', () => {
  it('lists views, themes and each server by name with the actions its state allows', () => {
    const { act } = recorder();
    const labels = buildCommands(
      [server('zeta', { state: 'error' }), server('a b', { disabled: true })],
      act,
    ).map((c) => c.label);
    expect(labels.slice(0, 3)).toEqual(['Overview', 'Servers', 'Add a server']);
    expect(labels).toContain('Theme follows the system');
    const a = labels.indexOf('a b');
    expect(labels.slice(a, a + 4)).toEqual(['a b', 'a b: logs', 'a b: try a tool', 'Enable a b']);
    expect(labels).not.toContain('Restart a b');
    expect(labels).toContain('Restart zeta');
    expect(labels).toContain('Reset circuit of zeta');
    expect(labels.indexOf('zeta')).toBeGreaterThan(a);
  });

  it('runs what it names', () => {
    const { act, done } = recorder();
    const cmds = buildCommands([server('my server')], act);
    for (const label of ['my server: logs', 'Disable my server', 'Dark theme']) {
      cmds.find((c) => c.label === label)?.run();
    }
    expect(done).toEqual(['go #/servers/my%20server/logs', 'disable my server', 'theme dark']);
  });

  it('matches every typed word in the label or hint, at most 50', () => {
    const { act } = recorder();
    const cmds = buildCommands([server('memory')], act);
    expect(matchCommands(cmds, 'memory LOGS').map((c) => c.label)).toEqual(['memory: logs']);
    expect(matchCommands(cmds, 'theme').map((c) => c.id)).toEqual([
      'theme:light',
      'theme:dark',
      'theme:system',
    ]);
    const many = buildCommands(
      Array.from({ length: 20 }, (_, i) => server(`s${i}`)),
      act,
    );
    expect(matchCommands(many, '')).toHaveLength(50);
  });
});
