// @ts-check
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import simpleImportSort from 'eslint-plugin-simple-import-sort';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Import bans per runtime folder. Each message says what to use instead. */
const nodeBuiltins = {
  group: [
    'node:*',
    'fs',
    'fs/*',
    'path',
    'child_process',
    'os',
    'http',
    'https',
    'net',
    'crypto',
    'url',
    'stream',
  ],
  message:
    'src-shared and src-renderer are pure/browser code: move I/O into src-main/engine and reach it through the API contract.',
};
const electronBan = {
  group: ['electron', 'electron/*', 'electron-store', 'electron-updater'],
  message:
    'Only src-main/desktop may import electron: the engine must boot under plain Node, the renderer talks to the engine through the API client.',
};
const engineBan = {
  group: ['**/src-main/**', '../src-main/*', '../../src-main/*'],
  message:
    'The renderer reaches the engine only over HTTP: use src-renderer/api (typed from src-shared/api).',
};
const rendererBan = {
  group: ['**/src-renderer/**'],
  message: 'The engine never imports renderer code; shared types live in src-shared.',
};
/**
 * Each engine folder has one face, its index.ts. Another folder, the engine's own root files,
 * the CLI and the desktop import an area only through it (test/architecture.test.ts checks
 * dynamic imports too). Keep the list of areas in step with src-main/engine/.
 */
const ENGINE_AREAS =
  'api|backends|catalog|clients|config|context|frontends|identity|oauth|security|supervisor|telemetry|trust';
const engineFace = {
  regex: `^(\\.{1,2}/)+(engine/)?(${ENGINE_AREAS})/(?!index\\.js$).+`,
  message:
    'Import another engine folder only through its face, engine/<area>/index.js: the files behind it are ' +
    "that folder's own business and may move. If what you need is not exported there, add it to that " +
    'index.ts (a part that start-up must not load yet is offered there as a load…() function).',
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'release/**', 'test/fixtures/client-configs/**', 'docs/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    plugins: { 'simple-import-sort': simpleImportSort },
    rules: {
      // Imports in one order everywhere (node: builtins, packages, then project files), fixable with
      // `npm run format`.
      'simple-import-sort/imports': 'error',
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
    rules: {
      'no-restricted-imports': ['error', { patterns: [nodeBuiltins, electronBan, engineBan, rendererBan] }],
    },
  },
  {
    files: ['src-main/engine/**/*.ts', 'src-main/cli/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [electronBan, rendererBan, engineFace] }] },
  },
  {
    // All product code is split along its seams: a function that outgrows this is a part asking
    // for a file of its own (a short factory composing small modules, a view composing hooks and
    // components, a command group having each subcommand register itself).
    files: [
      'src-main/**/*.ts',
      'src-main/**/*.cts',
      'src-shared/**/*.ts',
      'src-renderer/**/*.ts',
      'src-renderer/**/*.tsx',
    ],
    ignores: ['**/*.test.ts', '**/*.test.tsx'],
    rules: { 'max-lines-per-function': ['error', { max: 80 }] },
  },
  {
    files: ['src-main/desktop/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [rendererBan, engineFace] }] },
  },
  {
    files: ['src-renderer/**/*.ts', 'src-renderer/**/*.tsx'],
    languageOptions: { globals: { ...globals.browser } },
    rules: { 'no-restricted-imports': ['error', { patterns: [nodeBuiltins, electronBan, engineBan] }] },
  },
  {
    // The two launchers every start goes through are CommonJS: Node starts it sooner.
    files: ['bin/mcp-gateway.js', 'scripts/bundle-launcher.js'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Scripts, tests, fixtures and benchmarks print by design.
    files: [
      '**/*.test.ts',
      '**/*.test.tsx',
      'test/**',
      'e2e/**',
      'bench/**',
      'scripts/**',
      'bin/**',
      'src-main/cli/**',
    ],
    rules: { 'no-console': 'off' },
  },
  prettier,
);
