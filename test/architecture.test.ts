/**
 * The runtime boundaries, checked by reading the source: ESLint enforces them while editing,
 * this test makes sure nobody switched that rule off or slipped past it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(path.join(ROOT, dir))) {
    const rel = path.join(dir, name);
    if (statSync(path.join(ROOT, rel)).isDirectory()) {
      out.push(...sources(rel));
    } else if (/\.(c|m)?tsx?$/.test(name) && !/\.test\.tsx?$/.test(name)) {
      out.push(rel);
    }
  }
  return out;
}

/** Module specifiers of static and dynamic imports and requires. */
function importsOf(file: string): string[] {
  const text = readFileSync(path.join(ROOT, file), 'utf8');
  const specs: string[] = [];
  for (const m of text.matchAll(
    /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g,
  )) {
    specs.push(m[1] ?? m[2] ?? m[3] ?? '');
  }
  return specs;
}

const NODE_BUILTIN = /^(node:|fs$|fs\/|path$|child_process$|os$|http$|https$|net$|crypto$|url$|stream$)/;
const ELECTRON = /^electron(\/|$)|^electron-(store|updater)$/;

describe('runtime boundaries', () => {
  const shared = sources('src-shared');
  const engine = [...sources('src-main/engine'), ...sources('src-main/cli')];
  const renderer = sources('src-renderer');
  const all = [...shared, ...engine, ...renderer, ...sources('src-main/desktop')];

  it('finds the source folders', () => {
    expect(shared.length).toBeGreaterThan(5);
    expect(engine.length).toBeGreaterThan(20);
    expect(renderer.length).toBeGreaterThan(10);
  });

  it('src-shared is pure: no Node, no Electron, no engine or renderer code', () => {
    const bad = shared.flatMap((f) =>
      importsOf(f)
        .filter((s) => NODE_BUILTIN.test(s) || ELECTRON.test(s) || /src-main|src-renderer/.test(s))
        .map((s) => `${f} imports ${s}`),
    );
    expect(bad).toEqual([]);
  });

  it('the engine and CLI never import Electron or the renderer', () => {
    const bad = engine.flatMap((f) =>
      importsOf(f)
        .filter((s) => ELECTRON.test(s) || /src-renderer/.test(s))
        .map((s) => `${f} imports ${s}`),
    );
    expect(bad).toEqual([]);
  });

  it('the renderer reaches the engine only over HTTP', () => {
    const bad = renderer.flatMap((f) =>
      importsOf(f)
        .filter((s) => NODE_BUILTIN.test(s) || ELECTRON.test(s) || /src-main/.test(s))
        .map((s) => `${f} imports ${s}`),
    );
    expect(bad).toEqual([]);
  });

  it('another folder, the CLI and the desktop reach an engine folder only through its index.ts', () => {
    const engineDir = path.join(ROOT, 'src-main', 'engine');
    const areas = new Set(
      readdirSync(engineDir).filter((name) => statSync(path.join(engineDir, name)).isDirectory()),
    );
    const bad = sources('src-main').flatMap((f) =>
      importsOf(f)
        .filter((s) => s.startsWith('.'))
        .map((s) => path.relative(engineDir, path.resolve(ROOT, path.dirname(f), s)).split(path.sep))
        .filter(([area, file]) => area !== undefined && areas.has(area) && file !== undefined)
        .filter(([area, file, ...rest]) => {
          const from = path.relative(engineDir, path.join(ROOT, f)).split(path.sep)[0];
          return from !== area && !(file === 'index.js' && rest.length === 0);
        })
        .map((parts) => `${f} imports engine/${parts.join('/')}`),
    );
    expect(areas.size).toBeGreaterThan(10);
    expect(bad).toEqual([]);
  });

  it("the CLI and the desktop use the engine's facade, not its ctx bag", () => {
    const bad = [...sources('src-main/cli'), ...sources('src-main/desktop')].filter((f) =>
      /\.ctx\b|\bEngineContext\b/.test(readFileSync(path.join(ROOT, f), 'utf8')),
    );
    expect(bad).toEqual([]);
  });

  it('no file switches the import-boundary rule off', () => {
    const bad = all.filter((f) =>
      /eslint-disable[^\n]*no-restricted-imports/.test(readFileSync(path.join(ROOT, f), 'utf8')),
    );
    expect(bad).toEqual([]);
  });
});
