import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * The vega, vega-lite and vega-embed browser builds (UMD, minified), read from node_modules so
 * the report opens with no network access. The packages export only their ESM entries, so
 * each build file is found next to the resolved entry point.
 */
const BUILDS = [
  { pkg: 'vega', file: 'vega.min.js' },
  { pkg: 'vega-lite', file: 'vega-lite.min.js' },
  { pkg: 'vega-embed', file: 'vega-embed.min.js' },
] as const;

let cached: string[] | null = null;

/** Script sources in load order (vega, then vega-lite, then vega-embed). */
export function vegaBrowserScripts(): readonly string[] {
  if (cached !== null) return cached;
  const require = createRequire(import.meta.url);
  cached = BUILDS.map(({ pkg, file }) => {
    const path = join(dirname(require.resolve(pkg)), file);
    const source = readFileSync(path, 'utf8').replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n');
    // Inlined into <script>: these sequences would end the element early (or enter the
    // "escaped" parsing state). Fail loudly rather than emit a broken report.
    if (/<\/script|<!--/i.test(source)) throw new Error(`report: ${path} contains "</script" or "<!--"; cannot inline it`);
    return source;
  });
  return cached;
}
