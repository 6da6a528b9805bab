import { Command } from 'commander';
import { describe, expect, it } from 'vitest';

import { gatewayOptions } from './options.js';

describe('gatewayOptions', () => {
  it('adds --url and, unless told not to, --json', () => {
    expect(gatewayOptions(new Command('a')).options.map((o) => o.long)).toEqual(['--url', '--json']);
    expect(gatewayOptions(new Command('b'), false).options.map((o) => o.long)).toEqual(['--url']);
  });
});
