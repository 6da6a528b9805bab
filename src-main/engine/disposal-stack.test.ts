import { describe, expect, it } from 'vitest';

import { DisposalError, DisposalStack, LateAcquisitionError, once } from './disposal-stack.js';

describe('DisposalStack', () => {
  it('releases newest first, waiting for each before the next', async () => {
    const stack = new DisposalStack();
    const log: string[] = [];
    stack.defer('a', () => {
      log.push('a');
    });
    stack.defer('b', async () => {
      await new Promise((r) => setImmediate(r));
      log.push('b');
    });
    stack.defer('c', () => {
      log.push('c');
    });
    await stack.dispose();
    expect(log).toEqual(['c', 'b', 'a']);
  });

  it('runs each disposer once, however often it is disposed', async () => {
    const stack = new DisposalStack();
    let runs = 0;
    stack.defer('x', async () => {
      await new Promise((r) => setImmediate(r));
      runs++;
    });
    const first = stack.dispose();
    expect(stack.dispose()).toBe(first);
    await Promise.all([first, stack.dispose()]);
    await stack.dispose();
    expect(runs).toBe(1);
  });

  it('runs every disposer when some fail, then reports each failure by name', async () => {
    const stack = new DisposalStack();
    const log: string[] = [];
    stack.defer('config watcher', () => {
      log.push('config watcher');
    });
    stack.defer('http server', () => {
      throw new Error('not listening');
    });
    stack.defer('supervisor', async () => {
      log.push('supervisor');
      throw new Error('child would not exit');
    });
    stack.defer('timer', () => {
      log.push('timer');
    });
    const err = await stack.dispose().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(log).toEqual(['timer', 'supervisor', 'config watcher']);
    expect(err).toBeInstanceOf(DisposalError);
    const failure = err as DisposalError;
    expect(failure.failures.map((f) => f.name)).toEqual(['supervisor', 'http server']);
    expect(failure.errors.map((e) => (e as Error).message)).toEqual([
      'child would not exit',
      'not listening',
    ]);
    expect(failure.message).toBe(
      'could not release supervisor (child would not exit), http server (not listening)',
    );
    // Reported once: disposing again gives the same failure, and runs nothing again.
    await expect(stack.dispose()).rejects.toBe(failure);
    expect(log).toHaveLength(3);
  });

  it('releases exactly what a start-up acquired before it failed half-way', async () => {
    const held = new Set<string>();
    const released: string[] = [];
    const acquire = (name: string) => {
      held.add(name);
      return {
        name,
        close: () => {
          held.delete(name);
          released.push(name);
        },
      };
    };
    const stack = new DisposalStack();
    const start = async () => {
      stack.use('port', acquire('port'), (r) => r.close());
      stack.use('children', acquire('children'), (r) => r.close());
      await Promise.resolve();
      if (held.size === 2) {
        throw new Error('the HTTP stack could not load');
      }
      stack.use('frontends', acquire('frontends'), (r) => r.close());
    };
    await expect(start()).rejects.toThrow('the HTTP stack could not load');
    await stack.dispose();
    expect(released).toEqual(['children', 'port']);
    expect(held.size).toBe(0);
  });

  it('refuses what is added once disposal started, so nothing escapes it', async () => {
    const stack = new DisposalStack();
    stack.defer('late adder', () => {
      stack.defer('too late', () => undefined);
    });
    await expect(stack.dispose()).rejects.toThrow(/late adder \(too late was acquired after/);
    expect(stack.disposed).toBe(true);
  });

  it('releases a resource added once disposal started, and then refuses it', async () => {
    const stack = new DisposalStack();
    const released: string[] = [];
    let late: unknown;
    stack.defer('late adder', () => {
      try {
        stack.use('child', { pid: 1 }, () => {
          released.push('child');
        });
      } catch (err) {
        late = err;
      }
    });
    await stack.dispose();
    expect(late).toBeInstanceOf(LateAcquisitionError);
    expect(String(late)).toMatch(/child was acquired after .* released at once/);
    expect(released).toEqual(['child']);
  });

  it('reports a late resource that could not be released through the error it throws', async () => {
    const stack = new DisposalStack();
    void stack.dispose();
    let late: unknown;
    try {
      stack.defer('server', () => Promise.reject(new Error('still running')));
    } catch (err) {
      late = err;
    }
    expect(late).toBeInstanceOf(LateAcquisitionError);
    await expect((late as LateAcquisitionError).released).rejects.toThrow('still running');
  });

  it('use() returns the resource it took', () => {
    const stack = new DisposalStack();
    const resource = { id: 1 };
    expect(stack.use('r', resource, () => undefined)).toBe(resource);
  });
});

describe('once', () => {
  it('runs its function on the first call only and returns that result after', () => {
    let calls = 0;
    const closeServer = once(() => ++calls);
    expect([closeServer(), closeServer(), closeServer()]).toEqual([1, 1, 1]);
    expect(calls).toBe(1);
  });
});
