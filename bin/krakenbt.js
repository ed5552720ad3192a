#!/usr/bin/env node
// Launcher of the `krakenbt` command (package.json "bin"). Runs the esbuild bundle in dist/
// (built by `npm run build`, which `npm install` runs through "prepare"): plain JavaScript,
// no TypeScript compile at start-up. Falls back to the TypeScript sources through tsx when
// the bundle is missing, older than a source file, or KRAKENBT_FROM_SOURCE=1 is set.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundle = join(root, 'dist', 'cli', 'bundle', 'krakenbt.mjs');

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
    const t = statSync(join(entry.parentPath ?? entry.path, entry.name)).mtimeMs;
    if (t > newest) newest = t;
  }
  return newest;
}

function bundleIsFresh() {
  if (process.env.KRAKENBT_FROM_SOURCE === '1' || !existsSync(bundle)) return false;
  return statSync(bundle).mtimeMs >= newestSource(join(root, 'src'));
}

if (bundleIsFresh()) {
  await import(pathToFileURL(bundle).href);
} else {
  // Both hooks, as `node --import tsx` does: a user's .ts strategy outside a "type": "module"
  // package is loaded as CommonJS.
  (await import('tsx/esm/api')).register();
  (await import('tsx/cjs/api')).register();
  await import(pathToFileURL(join(root, 'src', 'cli', 'krakenbt.ts')).href);
}
