import { describe, expect, it } from 'vitest';

import { createLogger } from './logger.js';

describe('logger', () => {
  it('never throws: not from a failing sink, not from fields it cannot serialise', () => {
    const lines: string[] = [];
    let fail = true;
    const log = createLogger({
      format: 'json',
      write: (l) => {
        if (fail) {
          throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
        }
        lines.push(l);
      },
    });
    expect(() => log.error('disk full', { n: 1 })).not.toThrow();
    fail = false;
    const circular: Record<string, unknown> = { a: 1 };
    circular.self = circular;
    expect(() => log.info('odd fields', { big: 10n, circular })).not.toThrow();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('odd fields');
    const pretty = createLogger({ format: 'pretty', write: (l) => lines.push(l) });
    expect(() => pretty.info('pretty odd', { big: 10n, circular })).not.toThrow();
    expect(lines[1]).toContain('pretty odd');
  });

  it('redacts URL credentials in messages and string fields', () => {
    const lines: string[] = [];
    const log = createLogger({ format: 'json', write: (l) => lines.push(l) });
    log.warn('could not reach https://me:hunter22@x.example/mcp?token=abc', {
      url: 'postgres://u:pw-1234@db/app',
      apiKey: 'sk-xyz',
    });
    expect(lines[0]).not.toMatch(/hunter22|abc&|pw-1234|sk-xyz/);
    expect(lines[0]).toContain('me:[redacted]@x.example');
  });
});
