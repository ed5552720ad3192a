import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/**
 * Worker threads do not inherit a fast TypeScript loader: with tsx every worker re-transpiles
 * the project through one shared hooks thread, which serialises their start-up. So the worker
 * entry is bundled once per pool into plain JS (npm packages stay external and resolve from
 * node_modules, hence the output folder). Takes ~20 ms.
 */
// Spelled from the repository root: this module also runs from the krakenbt bundle
// (dist/cli/bundle/, three folders deep like src/research/sweep/), where './sweep-worker.ts'
// would not exist.
const ENTRY = fileURLToPath(new URL('../../../src/research/sweep/sweep-worker.ts', import.meta.url));
const CACHE = fileURLToPath(new URL('../../../node_modules/.cache/krakenbt/', import.meta.url));

let counter = 0;

/** Bundles the worker entry; the file is removed when this process exits (a pool may still be winding down before that). */
export async function bundleWorker(): Promise<{ url: string }> {
  mkdirSync(CACHE, { recursive: true });
  const file = join(CACHE, `sweep-worker-${process.pid}-${counter++}.mjs`);
  await build({ entryPoints: [ENTRY], bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', outfile: file, logLevel: 'silent' });
  process.once('exit', () => rmSync(file, { force: true }));
  return { url: new URL(`file://${file}`).href };
}
