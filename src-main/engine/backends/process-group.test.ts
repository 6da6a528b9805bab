import { spawn } from 'node:child_process';

import { describe, expect, it } from 'vitest';

import { isGroupAlive, startProcessWatchdog, taskkillFile } from './process-group.js';

describe.skipIf(process.platform === 'win32')('process watchdog', () => {
  it('runs its process only once there is a group to guard', async () => {
    const watchdog = startProcessWatchdog();
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], {
      detached: true,
      stdio: 'ignore',
    });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    try {
      expect(watchdog.pid).toBeUndefined();
      await new Promise<void>((resolve) => child.once('spawn', () => resolve()));
      const pgid = child.pid as number;
      watchdog.register(pgid);
      expect(watchdog.pid).toBeTypeOf('number');
      expect(watchdog.groups()).toEqual([pgid]);
      expect(isGroupAlive(pgid)).toBe(true);
    } finally {
      await watchdog.stop();
      process.kill(-(child.pid as number), 'SIGKILL');
      await exited;
    }
  });

  it('stops cleanly when it never had anything to guard', async () => {
    const watchdog = startProcessWatchdog();
    await watchdog.stop();
    expect(watchdog.pid).toBeUndefined();
    watchdog.register(123_456_789);
    expect(watchdog.pid).toBeUndefined();
  });
});

describe('taskkill on Windows', () => {
  it('is run by its full path under %SystemRoot%, never looked up by name', () => {
    expect(taskkillFile('C:\\Windows')).toBe('C:\\Windows\\System32\\taskkill.exe');
    expect(taskkillFile('D:\\WINNT')).toBe('D:\\WINNT\\System32\\taskkill.exe');
    // Without SystemRoot (never on a real Windows), the file name with its extension.
    expect(taskkillFile('')).toBe('taskkill.exe');
  });
});
