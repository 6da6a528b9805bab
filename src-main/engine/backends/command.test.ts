import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { GatewayError } from '../../../src-shared/errors.js';
import { planSpawn, quoteWindowsArg, resolveCommand } from './command.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-cmd-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('resolveCommand', () => {
  it('finds a command on the child PATH', () => {
    const file = path.join(dir, 'my-server');
    writeFileSync(file, '#!/bin/sh\n');
    chmodSync(file, 0o755);
    expect(resolveCommand('my-server', { pathEnv: `/nonexistent:${dir}`, platform: 'linux' })).toBe(file);
  });

  it('says what to install when a launcher is missing', () => {
    try {
      resolveCommand('npx', { pathEnv: dir, platform: 'linux' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(GatewayError);
      expect((err as GatewayError).code).toBe('COMMAND_NOT_FOUND');
      expect((err as GatewayError).message).toBe(
        "command 'npx' not found on PATH — install Node.js or give an absolute path",
      );
    }
  });

  it('skips files that are not executable and reports missing absolute paths', () => {
    const file = path.join(dir, 'not-exec');
    writeFileSync(file, '');
    chmodSync(file, 0o644);
    expect(() => resolveCommand('not-exec', { pathEnv: dir, platform: 'linux' })).toThrow(
      /not found on PATH/,
    );
    expect(() => resolveCommand('/no/such/server', { pathEnv: dir, platform: 'linux' })).toThrow(
      /command '\/no\/such\/server' not found \(looked for \/no\/such\/server\)/,
    );
  });
});

describe('Windows batch launchers', () => {
  it('quotes arguments with the MSVC rules and escapes cmd metacharacters', () => {
    expect(quoteWindowsArg('plain')).toBe('^"plain^"');
    expect(quoteWindowsArg('two words')).toBe('^"two^ words^"');
    expect(quoteWindowsArg('say "hi"')).toBe('^"say^ \\^"hi\\^"^"');
    expect(quoteWindowsArg('C:\\dir\\')).toBe('^"C:\\dir\\\\^"');
    expect(quoteWindowsArg('a\\"b')).toBe('^"a\\\\\\^"b^"');
    expect(quoteWindowsArg('x&y|z<>%PATH%!')).toBe('^"x^&y^|z^<^>^%PATH^%^!^"');
    expect(quoteWindowsArg('')).toBe('^"^"');
  });

  it('escapes twice for node_modules\\.bin shims, which re-parse %*', () => {
    expect(quoteWindowsArg('a&b', true)).toBe('^^^"a^^^&b^^^"');
  });

  it('runs .cmd files through cmd.exe /d /s /c with verbatim arguments', () => {
    const plan = planSpawn(
      'C:\\Program Files\\nodejs\\npx.cmd',
      ['-y', '@scope/server', 'C:\\My Files'],
      'win32',
      'C:\\Windows\\system32\\cmd.exe',
    );
    expect(plan.file).toBe('C:\\Windows\\system32\\cmd.exe');
    expect(plan.windowsVerbatimArguments).toBe(true);
    expect(plan.args.slice(0, 3)).toEqual(['/d', '/s', '/c']);
    expect(plan.args[3]).toBe(
      '"C:\\Program^ Files\\nodejs\\npx.cmd ^"-y^" ^"@scope/server^" ^"C:\\My^ Files^""',
    );
  });

  it('leaves .exe files and POSIX alone', () => {
    expect(planSpawn('C:\\bin\\uv.exe', ['x'], 'win32')).toEqual({
      file: 'C:\\bin\\uv.exe',
      args: ['x'],
      windowsVerbatimArguments: false,
    });
    expect(planSpawn('/usr/bin/npx', ['-y'], 'linux')).toEqual({
      file: '/usr/bin/npx',
      args: ['-y'],
      windowsVerbatimArguments: false,
    });
  });
});

describe('resolveCommand on Windows', () => {
  it('picks npx.cmd over the extensionless npx shell script beside it', () => {
    const bin = mkdtempSync(path.join(os.tmpdir(), 'gw-win-'));
    try {
      writeFileSync(path.join(bin, 'npx'), '#!/bin/sh\n');
      writeFileSync(path.join(bin, 'npx.cmd'), '@echo off\n');
      // The fake PATH entry is a real folder; Windows path joins are mapped back onto it.
      const fsPath = (f: string) => path.join(bin, path.win32.basename(f).toLowerCase());
      const win = { pathEnv: 'C:\\bin', platform: 'win32' as const, fsPath };
      const resolved = resolveCommand('npx', { ...win, pathExt: '.COM;.EXE;.BAT;.CMD' });
      expect(resolved.toLowerCase()).toBe('c:\\bin\\npx.cmd');
      const plan = planSpawn(resolved, ['-y', 'pkg'], 'win32', 'C:\\Windows\\system32\\cmd.exe');
      expect(plan.file).toBe('C:\\Windows\\system32\\cmd.exe');
      expect(plan.windowsVerbatimArguments).toBe(true);
      // Only the extensionless script: Windows cannot run it, so it is not found.
      rmSync(path.join(bin, 'npx.cmd'));
      expect(() => resolveCommand('npx', win)).toThrow(/not found on PATH/);
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });
});
