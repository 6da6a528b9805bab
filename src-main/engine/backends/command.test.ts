import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { GatewayError } from '../../../src-shared/errors.js';
import { planSpawn, quoteBatchArg, resolveCommand } from './command.js';

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

/**
 * A model of what happens to a batch file's command line on Windows, to check the quoting
 * without Windows: cmd.exe's quote state over a line (a `"` toggles it; `^` escapes only
 * outside quotes), its `%` expansion (only the `%cd:~,%` empty substring occurs in quoted
 * output), and the MSVC-rules parser the program behind the launcher (node) splits it with.
 */
const CMD_OPERATORS = new Set(['&', '|', '<', '>', '(', ')', '^', '\n', '\r']);

/** Operators cmd.exe would act on: those outside its quotes. */
function unquotedOperators(line: string): string[] {
  let quoted = false;
  const found: string[] = [];
  for (const ch of line) {
    if (ch === '"') {
      quoted = !quoted;
    } else if (!quoted && CMD_OPERATORS.has(ch)) {
      found.push(ch);
    }
  }
  return found;
}

/** Variables cmd.exe would expand (`%NAME%` with a non-empty name, other than the `%cd:~,%` no-op). */
function expandedVariables(line: string): string[] {
  return [...line.replaceAll('%%cd:~,%', '').matchAll(/%([^%]+)%/g)].map((m) => m[1] ?? '');
}

function cmdExpand(line: string): string {
  return line.replaceAll('%cd:~,%', '');
}

/** The MSVC CRT (2008+) command-line splitter. */
function msvcSplit(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let inArg = false;
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string;
    if (ch === '\\') {
      let n = 0;
      while (line[i + n] === '\\') {
        n++;
      }
      if (line[i + n] === '"') {
        cur += '\\'.repeat(Math.floor(n / 2));
        i += n - 1;
        if (n % 2 === 1) {
          cur += '"';
          i += 1;
        }
      } else {
        cur += '\\'.repeat(n);
        i += n - 1;
      }
      inArg = true;
    } else if (ch === '"') {
      if (quoted && line[i + 1] === '"') {
        cur += '"';
        i += 1;
      } else {
        quoted = !quoted;
      }
      inArg = true;
    } else if (!quoted && (ch === ' ' || ch === '\t')) {
      if (inArg) {
        out.push(cur);
      }
      cur = '';
      inArg = false;
    } else {
      cur += ch;
      inArg = true;
    }
  }
  if (inArg) {
    out.push(cur);
  }
  return out;
}

const ATTACKS = [
  '&calc',
  '"&whoami',
  'x" & calc & "',
  '"&calc&"',
  '%PATH%',
  '%USERPROFILE%\\secret',
  '100%',
  '^',
  'a^&b',
  '"',
  '""',
  'say "hi"',
  'C:\\dir\\',
  'C:\\dir\\\\',
  'a\\"b',
  'a\\\\"b',
  '\\"&calc',
  'x|y<z>w',
  '(echo pwned)',
  '!PATH!',
  'two words',
  '',
  '--flag=value',
  '@scope/server@1.2.3',
  'C:\\My Files\\data.json',
];

describe('Windows batch launchers (BatBadBut)', () => {
  it.each(ATTACKS)(
    'keeps %j inside quotes for both cmd.exe parses and hands it to the program intact',
    (arg) => {
      const plan = planSpawn(
        'C:\\Program Files\\nodejs\\npx.cmd',
        ['-y', arg, 'tail'],
        'win32',
        'C:\\Windows\\system32\\cmd.exe',
      );
      const line = plan.args[plan.args.length - 1] as string;
      // First parse: `/s /c "<line>"` strips the outer quotes.
      expect(line.startsWith('"') && line.endsWith('"')).toBe(true);
      const inner = line.slice(1, -1);
      expect(unquotedOperators(inner)).toEqual([]);
      expect(expandedVariables(inner)).toEqual([]);
      // Second parse: the batch file's `%*` is the argument text after cmd's expansion, parsed again.
      const afterFirst = cmdExpand(inner);
      const star = afterFirst.slice(afterFirst.indexOf('npx.cmd"') + 'npx.cmd"'.length);
      expect(unquotedOperators(star)).toEqual([]);
      // The program behind the launcher gets exactly the arguments that were configured.
      expect(msvcSplit(star)).toEqual(['-y', arg, 'tail']);
    },
  );

  it('quotes only what needs it, doubles inner quotes and neutralises %', () => {
    expect(quoteBatchArg('plain')).toBe('plain');
    expect(quoteBatchArg('@scope/pkg@1.0.0')).toBe('@scope/pkg@1.0.0');
    expect(quoteBatchArg('two words')).toBe('"two words"');
    expect(quoteBatchArg('"&whoami')).toBe('"""&whoami"');
    expect(quoteBatchArg('&calc')).toBe('"&calc"');
    expect(quoteBatchArg('%PATH%')).toBe('"%%cd:~,%PATH%%cd:~,%"');
    expect(quoteBatchArg('^')).toBe('"^"');
    expect(quoteBatchArg('C:\\dir\\')).toBe('"C:\\dir\\\\"');
    expect(quoteBatchArg('a\\"b')).toBe('"a\\\\""b"');
    expect(quoteBatchArg('')).toBe('""');
  });

  it('refuses arguments that cannot be passed to a batch file safely, saying what to do', () => {
    for (const bad of ['a\nb', 'a\r\n&calc', 'nul\0byte']) {
      const err = (() => {
        try {
          planSpawn('C:\\nodejs\\npx.cmd', ['-y', bad], 'win32');
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(err).toBeInstanceOf(GatewayError);
      expect((err as GatewayError).code).toBe('ARG_REFUSED');
      expect((err as GatewayError).message).toMatch(/line break or NUL.*run the program behind the launcher/);
    }
    expect(() => planSpawn('C:\\100%\\npx.cmd', [], 'win32')).toThrow(/move it to a plain folder/);
  });

  it('runs .cmd files through cmd.exe with extensions on, delayed expansion off and verbatim arguments', () => {
    const plan = planSpawn(
      'C:\\Program Files\\nodejs\\npx.cmd',
      ['-y', '@scope/server', 'C:\\My Files'],
      'win32',
      'C:\\Windows\\system32\\cmd.exe',
    );
    expect(plan.file).toBe('C:\\Windows\\system32\\cmd.exe');
    expect(plan.windowsVerbatimArguments).toBe(true);
    expect(plan.args.slice(0, 5)).toEqual(['/d', '/e:ON', '/v:OFF', '/s', '/c']);
    expect(plan.args[5]).toBe('""C:\\Program Files\\nodejs\\npx.cmd" -y @scope/server "C:\\My Files""');
  });

  it('quotes shims under node_modules\\.bin the same way (their %* is parsed again too)', () => {
    const plan = planSpawn('C:\\app\\node_modules\\.bin\\server.cmd', ['x" & calc & "'], 'win32');
    expect(plan.args[5]).toBe('""C:\\app\\node_modules\\.bin\\server.cmd" "x"" & calc & """"');
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
