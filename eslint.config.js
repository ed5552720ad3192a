// Lint rules that guard the architecture. The important one: src/core is pure
// (DESIGN.md): no wall clock, no unseeded randomness, no I/O, no upward imports.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const impureModules = [
  'fs', 'node:fs', 'fs/promises', 'node:fs/promises', 'net', 'node:net', 'http', 'node:http',
  'https', 'node:https', 'http2', 'node:http2', 'dgram', 'node:dgram', 'child_process',
  'node:child_process', 'worker_threads', 'node:worker_threads', 'os', 'node:os', 'process',
  'node:process', 'ws', 'undici', 'readline', 'node:readline', 'tls', 'node:tls', 'dns', 'node:dns',
];

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'notebooks/**', 'data/**', '**/*.js', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    // No floating promises in src: every promise is awaited, returned, or handled with a
    // .catch that records the error (an unhandled rejection kills the live runner). Type-aware,
    // so only for src (tests and benches keep the fast syntactic lint).
    files: ['src/**/*.ts'],
    // Files outside the tsconfig (the architecture test lints probe files that do not exist) get the default project.
    languageOptions: { parserOptions: { projectService: { allowDefaultProject: ['src/*/probe.ts', 'src/*/*/probe.ts'] }, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': ['error', { ignoreVoid: false }],
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: impureModules.map((name) => ({ name, message: 'src/core is pure: no I/O, sockets or processes (DESIGN.md).' })),
        patterns: [
          { group: ['@duckdb/*', 'duckdb'], message: 'src/core must not know DuckDB.' },
          { group: ['**/backtest/**', '**/live/**', '**/research/**'], message: 'src/core imports nothing from the layers above it.' },
        ],
      }],
      'no-restricted-syntax': ['error',
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'src/core must not read the wall clock; time comes from events.' },
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'src/core must not read the wall clock; time comes from events.' },
        { selector: "CallExpression[callee.object.name='performance'][callee.property.name='now']", message: 'src/core must not read the wall clock.' },
        { selector: "CallExpression[callee.object.name='process'][callee.property.name='hrtime']", message: 'src/core must not read the wall clock.' },
        { selector: "MemberExpression[object.name='process'][property.name='hrtime']", message: 'src/core must not read the wall clock.' },
        { selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']", message: 'src/core must use the seeded random source it is given.' },
        { selector: "CallExpression[callee.object.name='crypto'][callee.property.name='getRandomValues']", message: 'src/core must use the seeded random source it is given.' },
      ],
      'no-restricted-globals': ['error',
        { name: 'fetch', message: 'src/core does no network I/O.' },
        { name: 'setTimeout', message: 'src/core schedules timers as events, not on the wall clock.' },
        { name: 'setInterval', message: 'src/core schedules timers as events, not on the wall clock.' },
        { name: 'process', message: 'src/core does not touch the process.' },
      ],
    },
  },
  {
    files: ['src/backtest/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/live/**', '**/research/**'], message: 'src/backtest imports only from src/core.' }] }],
    },
  },
  {
    files: ['src/live/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/backtest/**', '**/research/**'], message: 'src/live imports only from src/core.' }] }],
    },
  },
);
