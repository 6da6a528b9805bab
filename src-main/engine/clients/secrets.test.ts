import { describe, expect, it } from 'vitest';

import { findSecrets, looksLikeSecretValue } from './secrets.js';

describe('secret detection', () => {
  it('flags secret-looking names, token values and token arguments', () => {
    expect(
      findSecrets({
        command: 'npx',
        args: ['-y', 'tool', '--api-key', 'abc', '--token=xyz', 'Zx9Qw2Er7Ty4Ui1Op3As8Df5Gh6Jk'],
        env: {
          GITHUB_TOKEN: 'short',
          OPENAI_API_KEY: 'x',
          DB_PASSWORD: 'p',
          LOG_LEVEL: 'debug',
          SOME_VALUE: 'sk-proj-abcdefghijklmnopqrstuvwx',
          REF: '${GITHUB_TOKEN}',
          HOME_DIR: '/Users/me/some/really/long/path/here',
        },
      }),
    ).toEqual([
      { field: 'env', key: 'GITHUB_TOKEN', reason: 'name' },
      { field: 'env', key: 'OPENAI_API_KEY', reason: 'name' },
      { field: 'env', key: 'DB_PASSWORD', reason: 'name' },
      { field: 'env', key: 'SOME_VALUE', reason: 'value' },
      { field: 'args', key: '--api-key', reason: 'name' },
      { field: 'args', key: '--token', reason: 'name' },
      { field: 'args', key: '5', reason: 'value' },
    ]);
    expect(
      findSecrets({ url: 'https://x', headers: { Authorization: 'Bearer abc', Accept: 'json' } }),
    ).toEqual([{ field: 'headers', key: 'Authorization', reason: 'name' }]);
  });

  it('leaves paths, URLs, words and references alone', () => {
    for (const v of [
      '/usr/local/bin/something-long',
      'https://example.com/a/b/c/d',
      'hello world this is text',
      '${secret:GH}',
      'C:\\Users\\me\\x',
    ]) {
      expect(looksLikeSecretValue(v)).toBe(false);
    }
    expect(looksLikeSecretValue('ghp_ABCDEFGHIJKLMNOPQRSTUVWXYZab')).toBe(true);
  });
});
