#!/usr/bin/env node
// `npm run build`: bundles the krakenbt command into dist/ with esbuild (ESM, Node 20, npm
// packages left external), one chunk per lazily imported module so that a command loads only
// what it uses. The output sits three folders deep (dist/cli/bundle/) like the sources
// (src/backtest/store/), so paths the sources build from import.meta.url (the bundled data,
// data/bundled/) point at the same files from the bundle.
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist', 'cli', 'bundle');
rmSync(join(root, 'dist', 'cli'), { recursive: true, force: true });
await build({
  entryPoints: { krakenbt: join(root, 'src', 'cli', 'krakenbt.ts') },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  outExtension: { '.js': '.mjs' },
  chunkNames: '[name]-[hash]',
  sourcemap: 'linked',
  logLevel: 'warning',
});
