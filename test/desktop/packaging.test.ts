/**
 * The installer configuration, checked without building installers (no Electron binary here):
 * electron-builder.yml against electron-builder's own JSON schema, every file it names exists,
 * and the stdio bridge launcher finds the app from its place in an installed layout.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = path.resolve(import.meta.dirname, '..', '..');
const require = createRequire(import.meta.url);
const config = parse(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as Record<
  string,
  unknown
> & {
  mac: { icon: string; target: { target: string; arch: string[] }[] };
  win: { icon: string; target: { target: string }[] };
  linux: { icon: string; target: { target: string }[] };
  extraResources: { from: string; to: string; filter: string[] }[];
  publish: { provider: string };
};

describe('electron-builder.yml', () => {
  it('is valid for electron-builder', () => {
    const schema = JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8')) as object;
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    expect(validate(config), JSON.stringify(validate.errors)).toBe(true);
  });

  it('builds dmg (x64, arm64), nsis, AppImage and deb, publishes to GitHub, and ships the bridge', () => {
    expect(config.mac.target.find((t) => t.target === 'dmg')?.arch).toEqual(['x64', 'arm64']);
    expect(config.win.target.map((t) => t.target)).toContain('nsis');
    expect(config.linux.target.map((t) => t.target)).toEqual(['AppImage', 'deb']);
    expect(config.publish.provider).toBe('github');
    for (const icon of [
      config.mac.icon,
      config.win.icon,
      'resources/icons/icon.png',
      'resources/icons/icon-512.png',
    ]) {
      expect(existsSync(path.join(root, icon)), icon).toBe(true);
    }
    const bridge = config.extraResources.find((r) => r.to === 'bridge');
    expect(bridge?.filter).toEqual(['mcp-gateway-bridge', 'mcp-gateway-bridge.cmd']);
    for (const f of bridge?.filter ?? []) {
      expect(existsSync(path.join(root, bridge?.from ?? '', f))).toBe(true);
    }
    if (process.platform !== 'win32') {
      expect(statSync(path.join(root, 'src-main/desktop/bridge/mcp-gateway-bridge')).mode & 0o111).not.toBe(
        0,
      );
    }
  });

  it('has a tray image for every health state, variant and scale', () => {
    for (const state of ['ok', 'degraded', 'failed', 'paused', 'empty']) {
      for (const variant of ['Template', '-light', '-dark']) {
        for (const scale of ['', '@2x', '@3x']) {
          const file = path.join(root, 'resources/tray', `tray-${state}${variant}${scale}.png`);
          const head = readFileSync(file).subarray(0, 24);
          expect(head.subarray(1, 4).toString('latin1')).toBe('PNG');
          // IHDR width: 16 px per scale step.
          expect(head.readUInt32BE(16)).toBe(16 * (scale === '' ? 1 : Number(scale[1])));
        }
      }
    }
    expect(readFileSync(path.join(root, 'resources/icons/icon.icns')).subarray(0, 4).toString('latin1')).toBe(
      'icns',
    );
    expect(readFileSync(path.join(root, 'resources/icons/icon.ico')).readUInt16LE(2)).toBe(1);
  });
});

describe.skipIf(process.platform === 'win32')('stdio bridge launcher', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'mcpgw-bridge-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('runs the app bundle’s CLI with ELECTRON_RUN_AS_NODE, also through a symlink', async () => {
    // A Linux install: <app>/mcp-gateway-desktop + <app>/resources/{app,bridge}. The "app
    // binary" here is a script that runs Node, as Electron does with ELECTRON_RUN_AS_NODE=1.
    const app = path.join(dir, 'MCP Gateway');
    await mkdir(path.join(app, 'resources', 'bridge'), { recursive: true });
    await symlink(root, path.join(app, 'resources', 'app'));
    await copyFile(
      path.join(root, 'src-main/desktop/bridge/mcp-gateway-bridge'),
      path.join(app, 'resources/bridge/mcp-gateway-bridge'),
    );
    const fake = path.join(app, 'mcp-gateway-desktop');
    await import('node:fs/promises').then((fs) =>
      fs.writeFile(
        fake,
        `#!/bin/sh\n[ "$ELECTRON_RUN_AS_NODE" = 1 ] || { echo "not run as node" >&2; exit 9; }\nexec "${process.execPath}" "$@"\n`,
        { mode: 0o755 },
      ),
    );
    await import('node:fs/promises').then((fs) =>
      fs.chmod(path.join(app, 'resources/bridge/mcp-gateway-bridge'), 0o755),
    );
    const link = path.join(dir, 'bridge-link');
    await symlink(path.join(app, 'resources/bridge/mcp-gateway-bridge'), link);
    for (const launcher of [path.join(app, 'resources/bridge/mcp-gateway-bridge'), link]) {
      // No gateway listens on this port: the CLI's own clear error proves the whole chain ran.
      const init = {
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } },
      };
      const r = spawnSync(launcher, ['--url', 'http://127.0.0.1:9/mcp'], {
        input: JSON.stringify(init) + '\n',
        encoding: 'utf8',
        timeout: 30_000,
        env: { ...process.env, MCP_GATEWAY_HOME: dir, PATH: '/usr/bin:/bin' },
      });
      expect(r.stderr).not.toMatch(/not run as node|cannot find MCP Gateway/);
      expect(JSON.parse(r.stdout.split('\n')[0] ?? '')).toMatchObject({
        id: 1,
        error: { message: expect.stringMatching(/no gateway at http:\/\/127\.0\.0\.1:9\/mcp/) },
      });
    }
  });

  it('says what is wrong when it is not inside an installed app', async () => {
    const lone = path.join(dir, 'lone');
    await mkdir(lone, { recursive: true });
    await copyFile(
      path.join(root, 'src-main/desktop/bridge/mcp-gateway-bridge'),
      path.join(lone, 'mcp-gateway-bridge'),
    );
    const r = spawnSync('sh', [path.join(lone, 'mcp-gateway-bridge')], { encoding: 'utf8', timeout: 10_000 });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/cannot find MCP Gateway .* \(reinstall the app\)/);
  });
});

describe('release workflow', () => {
  const workflow = parse(readFileSync(path.join(root, '.github/workflows/release.yml'), 'utf8')) as {
    jobs: Record<
      string,
      { steps: { name?: string; run?: string; uses?: string; with?: Record<string, unknown> }[] }
    >;
  };
  const steps = Object.values(workflow.jobs).flatMap((j) => j.steps);
  const runs = steps.map((s) => s.run ?? '');
  const publishAt = runs.findIndex((r) => /electron-builder\b.*--publish always/.test(r));

  it('builds on Node 22 or later (Electron 45 packaging tooling needs ≥ 22.12)', () => {
    const node = steps.find((s) => s.uses?.startsWith('actions/setup-node'))?.with?.['node-version'];
    expect(Number(String(node).split('.')[0])).toBeGreaterThanOrEqual(22);
  });

  it('builds with the same `npm run build` as CI, not a hand-rolled subset', () => {
    const build = runs.findIndex((r) => /^\s*npm run build\s*$/m.test(r));
    expect(build).toBeGreaterThanOrEqual(0);
    expect(build).toBeLessThan(publishAt);
    expect(runs.join('\n')).not.toMatch(/vite build|tsc -b/);
  });

  it('checks the packed app for the dashboard and the bundled CLI before publishing', () => {
    const check = runs.findIndex((r) => /node scripts\/check-packed-app\.js release/.test(r));
    expect(publishAt).toBeGreaterThan(0);
    expect(check).toBeGreaterThanOrEqual(0);
    expect(check).toBeLessThan(publishAt);
    // Every electron-builder run before the check packs without publishing.
    for (const r of runs.slice(0, check)) {
      expect(r).not.toMatch(/--publish always/);
    }
  });

  it('packs the bundled CLI (dist/bundle) with the dashboard', () => {
    const files = config['files'] as string[];
    expect(files).toContain('dist/renderer/**');
    expect(files).toContain('dist/bundle/**');
  });

  it('packs the tool search word vectors, and the file is in the repository', () => {
    expect(config['files'] as string[]).toContain('resources/search/**');
    expect(existsSync(path.join(root, 'resources', 'search', 'word-vectors.bin'))).toBe(true);
  });
});

describe('check-packed-app', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'mcpgw-packed-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const check = (out: string) =>
    spawnSync(process.execPath, [path.join(root, 'scripts/check-packed-app.js'), out], { encoding: 'utf8' });
  const fs = () => import('node:fs/promises');

  it('fails on an app without the dashboard or the bundled CLI, saying what is missing', async () => {
    const app = path.join(dir, 'empty', 'linux-unpacked', 'resources', 'app');
    await mkdir(path.join(app, 'dist', 'renderer'), { recursive: true });
    const r = check(path.join(dir, 'empty'));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/dist\/renderer\/index\.html/);
    expect(r.stderr).toMatch(/dist\/bundle\/mcp-gateway\.js/);
    expect(r.stderr).toMatch(/resources\/search\/word-vectors\.bin/);
  });

  it('fails when nothing was packed', async () => {
    await mkdir(path.join(dir, 'none'), { recursive: true });
    const r = check(path.join(dir, 'none'));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/no packed app/);
  });

  it('passes on a complete app (Linux, Windows and macOS layouts)', async () => {
    for (const rel of [
      'linux-unpacked/resources/app',
      'win-unpacked/resources/app',
      'mac-arm64/MCP Gateway.app/Contents/Resources/app',
    ]) {
      const app = path.join(dir, 'full', rel);
      for (const f of [
        'dist/renderer/index.html',
        'dist/bundle/mcp-gateway.js',
        'dist/bundle/package.json',
        'dist/bundle/mcp-gateway.cjs',
        'resources/search/word-vectors.bin',
      ]) {
        await mkdir(path.dirname(path.join(app, f)), { recursive: true });
        await (await fs()).writeFile(path.join(app, f), 'x');
      }
    }
    const r = check(path.join(dir, 'full'));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.match(/^ok /gm)).toHaveLength(3);
  });
});
