import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface DashboardBundle {
  readonly js: string;
  readonly css: string;
}

const ENTRY = join(dirname(fileURLToPath(import.meta.url)), 'web', 'main.tsx');
let cached: Promise<DashboardBundle> | undefined;

/**
 * The browser code (Preact views, lightweight-charts, @tanstack/virtual-core), bundled once per
 * process in memory with esbuild from src/live/dashboard/web: no CDN, no build step, works
 * offline. The first status server pays ~0.3 s; later ones reuse the cached result.
 */
export function dashboardBundle(): Promise<DashboardBundle> {
  cached ??= build({
    entryPoints: [ENTRY],
    bundle: true,
    write: false,
    outdir: 'dashboard',
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    jsx: 'automatic',
    jsxImportSource: 'preact',
    legalComments: 'none',
    logLevel: 'silent',
  }).then((r) => {
    const js = r.outputFiles.find((f) => f.path.endsWith('.js'));
    const css = r.outputFiles.find((f) => f.path.endsWith('.css'));
    if (!js) throw new Error('dashboard bundle: esbuild produced no JavaScript');
    return { js: js.text, css: css?.text ?? '' };
  });
  cached.catch(() => (cached = undefined)); // a failed build is retried by the next caller
  return cached;
}

export const DASHBOARD_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>krakenbt live</title><link rel="icon" href="data:,"><link rel="stylesheet" href="/app.css"></head>
<body><div id="app"></div><script type="module" src="/app.js"></script></body></html>`;
