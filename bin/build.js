#!/usr/bin/env node
// `npm run build`: bundles the krakenbt command into dist/ with esbuild (ESM, Node 20), one
// chunk per lazily imported module so that a command loads only what it uses. Pure JS npm
// packages are bundled too (EXTERNAL below lists those that are not): resolving and compiling
// them file by file (yargs, zod, trading-signals, DuckDB's JS API: several hundred files) cost
// about 0.1 s of every start. The output sits three folders deep (dist/cli/bundle/) like the sources
// (src/backtest/store/), so paths the sources build from import.meta.url (the bundled data,
// data/bundled/) point at the same files from the bundle.
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

// External CommonJS packages the commands import. Imported from ESM, Node runs its CommonJS
// export lexer over every file they re-export; loaded with require() from a tiny ESM shim,
// they skip that. The shim re-exports the names
// the package has at build time.
const CJS_PACKAGES = ['cli-progress'];
const cjsShim = {
  name: 'cjs-require-shim',
  setup(b) {
    const filter = new RegExp(`^(${CJS_PACKAGES.map((p) => p.replace(/[/.]/g, '\\$&')).join('|')})$`);
    b.onResolve({ filter }, (args) => ({ path: args.path, namespace: 'cjs-shim' }));
    b.onLoad({ filter: /.*/, namespace: 'cjs-shim' }, (args) => {
      const names = Object.keys(require(args.path)).filter((n) => /^[A-Za-z_$][\w$]*$/.test(n) && n !== 'default');
      return {
        contents: `import { createRequire } from 'node:module';
const m = createRequire(import.meta.url)(${JSON.stringify(args.path)});
export default m;
export const { ${names.join(', ')} } = m;
`,
        loader: 'js',
        resolveDir: root,
      };
    });
  },
};
// npm packages left to Node's resolver: native addons, packages that find files next to
// themselves at run time, and the heavy ones only some commands load.
const EXTERNAL = ['@duckdb/node-bindings', 'esbuild', 'piscina', 'bullmq', 'ioredis', 'undici', 'cli-progress', 'ws', 'pino', 'vega', 'vega-lite', 'vega-embed', 'arquero', 'danfojs', 'playwright-core', 'tsx', 'tsx/*'];
// zod's namespace export `z.locales` pulls every translation of its error messages into the
// bundle (360 KB of the 770 KB zod chunk, parsed at every start). The project uses the
// default English messages only (zod configures them itself from locales/en.js), so the
// locale index is replaced by one exporting English alone.
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(b) {
    b.onResolve({ filter: /\/locales\/index\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]zod[\\/]/.test(args.importer) ? { path: join(dirname(args.importer), args.path), namespace: 'zod-locales' } : undefined);
    b.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(join(dirname(args.path), 'en.js'))};`,
      loader: 'js',
      resolveDir: dirname(args.path),
    }));
  },
};
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
  external: EXTERNAL,
  outExtension: { '.js': '.mjs' },
  chunkNames: '[name]-[hash]',
  sourcemap: 'linked',
  logLevel: 'warning',
  plugins: [cjsShim, zodEnglishOnly],
  // Bundled CommonJS code (DuckDB's API) calls require() for its native binding.
  banner: { js: "import { createRequire as __krakenbtCreateRequire } from 'node:module'; const require = __krakenbtCreateRequire(import.meta.url);" },
});
