#!/usr/bin/env node
// `npm run build`: bundles the krakenbt command into dist/ with esbuild (ESM, Node 20, npm
// packages left external), one chunk per lazily imported module so that a command loads only
// what it uses. The output sits three folders deep (dist/cli/bundle/) like the sources
// (src/backtest/store/), so paths the sources build from import.meta.url (the bundled data,
// data/bundled/) point at the same files from the bundle.
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

// CommonJS packages the commands import. Imported from ESM, Node runs its CommonJS export
// lexer over every file they re-export (over 100 for DuckDB's API, about 0.1 s at each start);
// loaded with require() from a tiny ESM shim, they skip that. The shim re-exports the names
// the package has at build time.
const CJS_PACKAGES = ['@duckdb/node-api', 'cli-progress'];
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
  plugins: [cjsShim],
});
