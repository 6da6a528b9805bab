import { type ChildProcess, spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';

import { afterEach, describe, expect, it } from 'vitest';

import { DisposalStack } from '../../engine/disposal-stack.js';
import { installShutdown, type QuitHost } from './shutdown.js';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) {
    c.kill('SIGKILL');
  }
});

/** A real child process that runs until it is told to stop, like a backend server. */
function startChild(): { child: ChildProcess; exited: Promise<void> } {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => undefined, 1000)'], { stdio: 'ignore' });
  children.push(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return { child, exited };
}

function fakeApp() {
  const events = new EventEmitter();
  const calls: string[] = [];
  const host: QuitHost = {
    onBeforeQuit: (l) => events.on('before-quit', l),
    quit: () => {
      calls.push('quit');
      let prevented = false;
      events.emit('before-quit', { preventDefault: () => (prevented = true) });
      if (!prevented) {
        calls.push('quit for real');
      }
    },
    exit: (code) => calls.push(`exit ${code}`),
  };
  return { host, calls };
}

describe('desktop shutdown', () => {
  it('releases what start-up acquired before it exits after a failed start', async () => {
    const stack = new DisposalStack();
    const { host, calls } = fakeApp();
    const shutdown = installShutdown({
      stack,
      host,
      logger: { error: () => undefined },
      signals: new EventEmitter(),
    });
    const { child, exited } = startChild();
    stack.defer('engine', () => {
      child.kill('SIGTERM');
      return exited;
    });
    // Start-up throws after the engine started (e.g. the tray could not be created).
    await shutdown.fail(() => calls.push('told the user'));
    expect(child.exitCode !== null || child.signalCode !== null).toBe(true);
    expect(calls).toEqual(['told the user', 'exit 1']);
  });

  it('releases on a signal that arrives during start-up, then quits', async () => {
    const stack = new DisposalStack();
    const { host, calls } = fakeApp();
    const signals = new EventEmitter();
    let released = 0;
    installShutdown({
      stack,
      host,
      logger: { error: () => undefined },
      signals,
      onReleased: () => (released += 1),
    });
    const { child, exited } = startChild();
    stack.defer('engine', () => {
      child.kill('SIGTERM');
      return exited;
    });
    signals.emit('SIGTERM');
    await exited;
    for (let i = 0; i < 100 && !calls.includes('quit for real'); i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(calls).toEqual(['quit', 'quit', 'quit for real']);
    expect(released).toBe(1);
  });

  it('lets a quit under way end the app when start-up then fails, without telling the user', async () => {
    const stack = new DisposalStack();
    const { host, calls } = fakeApp();
    const signals = new EventEmitter();
    const shutdown = installShutdown({ stack, host, logger: { error: () => undefined }, signals });
    signals.emit('SIGINT');
    // The engine finished starting after the quit released the stack: it is closed at once.
    const { child, exited } = startChild();
    let late: unknown;
    try {
      stack.defer('engine', () => {
        child.kill('SIGTERM');
        return exited;
      });
    } catch (err) {
      late = err;
    }
    expect(late).toBeDefined();
    await shutdown.fail(() => calls.push('told the user'));
    await exited;
    expect(calls).toEqual(['quit', 'quit', 'quit for real']);
  });

  it('logs a release that failed and still exits', async () => {
    const stack = new DisposalStack();
    const { host, calls } = fakeApp();
    const errors: string[] = [];
    const shutdown = installShutdown({
      stack,
      host,
      logger: { error: (m, f) => errors.push(`${m}: ${String(f?.err)}`) },
      signals: new EventEmitter(),
    });
    stack.defer('engine', () => Promise.reject(new Error('port still bound')));
    await shutdown.fail();
    expect(errors).toEqual([expect.stringMatching(/shutdown was not clean: .*engine \(port still bound\)/)]);
    expect(calls).toEqual(['exit 1']);
  });
});
