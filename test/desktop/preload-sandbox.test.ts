/**
 * The compiled preload as Electron's sandbox runs it: the source wrapped in a function that gets
 * `require` (electron only), `exports` and `module` — no ES modules, no Node. Electron itself
 * cannot run here, so `electron` is a recording stand-in; everything else is the real file.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';

import { describe, expect, it } from 'vitest';

import { DESKTOP_BRIDGE_KEY, DESKTOP_CHANNELS } from '../../src-shared/desktop-bridge.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const compiled = path.join(root, 'dist/src-main/desktop/preload.cjs');

function runPreload(bootstrapReply: unknown) {
  if (!existsSync(compiled)) {
    throw new Error(`${compiled} is missing: run \`npm run build\` first`);
  }
  const exposed = new Map<string, unknown>();
  const invoked: unknown[][] = [];
  const sentSync: string[] = [];
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
    ipcRenderer: {
      sendSync: (channel: string) => {
        sentSync.push(channel);
        return bootstrapReply;
      },
      invoke: (...args: unknown[]) => {
        invoked.push(args);
        return Promise.resolve(true);
      },
    },
  };
  const requireInSandbox = (name: string) => {
    if (name !== 'electron') {
      throw new Error(`module not found: ${name}`);
    }
    return electron;
  };
  // The same wrapper Electron's sandboxed renderer builds around a preload.
  const wrapper = `(function(require, process, Buffer, global, setImmediate, clearImmediate, exports, module) {\n${readFileSync(compiled, 'utf8')}\n})`;
  const fn = vm.runInNewContext(wrapper, {}, { filename: compiled }) as (...a: unknown[]) => void;
  const exports = {};
  fn(requireInSandbox, { platform: 'linux' }, undefined, {}, undefined, undefined, exports, { exports });
  return { exposed, invoked, sentSync };
}

describe('compiled preload in the sandbox wrapper', () => {
  it('exposes only window.mcpGateway, with the bootstrap and every action on its channel', async () => {
    const { exposed, invoked, sentSync } = runPreload({
      apiBase: 'http://127.0.0.1:7411',
      token: 'x'.repeat(43),
      platform: 'linux',
    });
    expect([...exposed.keys()]).toEqual([DESKTOP_BRIDGE_KEY]);
    expect(sentSync).toEqual([DESKTOP_CHANNELS.bootstrap]);
    const bridge = exposed.get(DESKTOP_BRIDGE_KEY) as {
      apiBase: string;
      token: string;
      platform: string;
      desktop: Record<string, (...a: unknown[]) => Promise<unknown>>;
    };
    expect(bridge).toMatchObject({ apiBase: 'http://127.0.0.1:7411', platform: 'linux' });
    expect(Object.keys(bridge).sort()).toEqual(['apiBase', 'desktop', 'platform', 'token']);
    const keys = Object.keys(bridge.desktop).sort();
    expect(keys).toEqual(
      Object.keys(DESKTOP_CHANNELS)
        .filter((k) => k !== 'bootstrap')
        .sort(),
    );
    for (const key of keys) {
      await bridge.desktop[key]?.(
        key === 'openExternal' ? 'https://example.com' : key.startsWith('set') ? true : undefined,
      );
    }
    expect(invoked.map((c) => c[0]).sort()).toEqual(
      keys.map((k) => DESKTOP_CHANNELS[k as keyof typeof DESKTOP_CHANNELS]).sort(),
    );
    expect(invoked.find((c) => c[0] === DESKTOP_CHANNELS.openExternal)?.[1]).toBe('https://example.com');
  });

  it('refuses to start when main does not trust the page', () => {
    expect(() => runPreload({ error: 'this page may not use the desktop bridge' })).toThrow(
      /could not start the dashboard: this page may not use/,
    );
  });
});
