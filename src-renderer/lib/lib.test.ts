import { describe, expect, it } from 'vitest';

import { CATALOG, catalogConfig, commandLine } from './catalog.js';
import { formatAgo, formatDuration, formatSpan, formatTokens } from './format.js';
import { href, parseRoute, type Route } from './router.js';

describe('format', () => {
  it('formats token counts, durations and spans for people', () => {
    expect(formatTokens(undefined)).toBe('—');
    expect(formatTokens(9_999)).toBe('9,999');
    expect(formatTokens(12_345)).toBe('12.3k');
    expect(formatTokens(123_456)).toBe('123k');
    expect(formatDuration(12.4)).toBe('12 ms');
    expect(formatDuration(1_234)).toBe('1.23 s');
    expect(formatDuration(12_345)).toBe('12.3 s');
    expect(formatDuration(125_000)).toBe('2m 5s');
    expect(formatSpan(3 * 86_400_000 + 4 * 3_600_000)).toBe('3d 4h');
    expect(formatSpan(-5)).toBe('0s');
    expect(formatAgo(1_000, 3_000)).toBe('just now');
    expect(formatAgo(0, 65_000)).toBe('1m 5s ago');
  });
});

describe('router', () => {
  it('parses every view and round-trips through href', () => {
    const routes: Route[] = [
      { view: 'overview' },
      { view: 'servers' },
      { view: 'server', name: 'my server/1', tab: 'logs' },
      { view: 'server', name: 'gh', tab: undefined },
      { view: 'add' },
      { view: 'budgets' },
      { view: 'activity' },
      { view: 'clients' },
      { view: 'settings' },
    ];
    for (const r of routes) {
      expect(parseRoute(href(r))).toEqual(r);
    }
  });

  it('falls back to the overview and ignores a query', () => {
    expect(parseRoute('')).toEqual({ view: 'overview' });
    expect(parseRoute('#/nowhere')).toEqual({ view: 'overview' });
    expect(parseRoute('#/servers?x=1')).toEqual({ view: 'servers' });
  });
});

describe('server catalog', () => {
  it('ships entries that each become a runnable config', () => {
    expect(CATALOG.length).toBeGreaterThan(5);
    for (const e of CATALOG) {
      const cfg = catalogConfig(e, {});
      expect(cfg.url ?? cfg.command, e.id).toBeTruthy();
    }
  });

  it('fills only the environment values given, and shows the whole command line', () => {
    const entry = {
      id: 'x',
      name: 'X',
      description: '',
      homepage: '',
      command: 'npx',
      args: ['-y', 'pkg name'],
    };
    const cfg = catalogConfig(entry, { TOKEN: 'abc', EMPTY: '' });
    expect(cfg.env).toEqual({ TOKEN: 'abc' });
    expect(commandLine(cfg)).toBe("npx -y 'pkg name'");
    expect(commandLine(catalogConfig({ ...entry, url: 'https://h/mcp', type: 'http' }, {}))).toBe(
      'https://h/mcp',
    );
  });
});
