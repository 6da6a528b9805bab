// @ts-check
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Import bans per runtime folder. Each message says what to use instead. */
const nodeBuiltins = {
  group: ['node:*', 'fs', 'fs/*', 'path', 'child_process', 'os', 'http', 'https', 'net', 'crypto', 'url', 'stream'],
  message: 'src-shared and src-renderer are pure/browser code: move I/O into src-main/engine and reach it through the API contract.',
};
const electronBan = {
  group: ['electron', 'electron/*', 'electron-store', 'electron-updater'],
  message: 'Only src-main/desktop may import electron: the engine must boot under plain Node, the renderer talks to the engine through the API client.',
};
const engineBan = {
  group: ['**/src-main/**', '../src-main/*', '../../src-main/*'],
  message: 'The renderer reaches the engine only over HTTP: use src-renderer/api (typed from src-shared/api).',
};
const rendererBan = {
  group: ['**/src-renderer/**'],
  message: 'The engine never imports renderer code; shared types live in src-shared.',
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'release/**', 'test/fixtures/client-configs/**', 'docs/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      curly: ['error', 'all'],
      'no-console': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportAllDeclaration', message: 'Use named exports (no export *).' },
      ],
    },
  },
  {
    files: ['src-shared/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [nodeBuiltins, electronBan, engineBan, rendererBan] }] },
  },
  {
    files: ['src-main/engine/**/*.ts', 'src-main/cli/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [electronBan, rendererBan] }] },
  },
  {
    files: ['src-main/desktop/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [rendererBan] }] },
  },
  {
    files: ['src-renderer/**/*.ts', 'src-renderer/**/*.tsx'],
    languageOptions: { globals: { ...globals.browser } },
    rules: { 'no-restricted-imports': ['error', { patterns: [nodeBuiltins, electronBan, engineBan] }] },
  },
  {
    // Scripts, tests, fixtures and benchmarks print by design.
    files: ['**/*.test.ts', '**/*.test.tsx', 'test/**', 'e2e/**', 'bench/**', 'scripts/**', 'bin/**', 'src-main/cli/**'],
    rules: { 'no-console': 'off' },
  },
  prettier,
);
