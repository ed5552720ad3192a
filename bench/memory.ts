/**
 * (c) Long synthetic runs and their peak memory: a random-walk of 1-minute candles stored in
 * a DuckDB file, then in a fresh process for each size (so no run shares a heap) the whole
 * default sma-cross backtest (runBacktest: candles streamed from DuckDB, kernel, metrics),
 * reporting bars/s, fills/s and peak RSS. Sizes: 70k (the real file's length), 1M, 10M.
 *
 * The child is this file bundled with esbuild (as `npm run build` bundles the CLI a user runs),
 * not run through tsx: tsx's in-process transpiler and its caches cost about 55 MB of RSS
 * before the first candle, which is the bench's overhead, not the product's.
 */
import { execFileSync } from 'node:child_process';
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseBacktestConfig } from '../src/backtest/run/backtest-config.ts';
import { runBacktest } from '../src/backtest/run/run-backtest.ts';
import { MarketStore } from '../src/backtest/store/index.ts';
import { peakRssMB, round, timeAsync } from './workloads/measure.ts';

const T0 = Date.UTC(2000, 0, 1);
const MINUTE = 60_000;
const SELF = fileURLToPath(import.meta.url);

/** `rows` 1-minute candles of SYN/USD on exchange 'synthetic': a seeded walk built in SQL. */
export async function buildSyntheticStore(path: string, rows: number): Promise<void> {
  const store = await MarketStore.open(path);
  try {
    // A deterministic walk: the sum of two slow waves and hashed noise, so SMAs cross often and fees keep the account from compounding without bound.
    await store.connection.run(`INSERT INTO candles
      SELECT 'synthetic', 'SYN/USD', 1, ${T0} + i * ${MINUTE},
        round(c - 0.05, 2), round(c + 0.2, 2), round(c - 0.25, 2), round(c, 2), 5 + (hash(i) % 100) / 10.0, 10, 'bench'
      FROM (SELECT i, 1000 + 100 * sin(i / 5000.0) + 3 * sin(i / 71.0) + ((hash(i * 7) % 1000) / 100.0) AS c FROM range(${rows}) t(i))`);
  } finally {
    store.close();
  }
}

export interface MemoryRun {
  bars: number;
  fills: number;
  seconds: number;
  rssMB: number;
  hash: string;
}

/** Runs in the child: one backtest over the first `bars` candles of the store. */
async function child(path: string, bars: number): Promise<MemoryRun> {
  const store = await MarketStore.open(path);
  try {
    const to = new Date(T0 + bars * MINUTE).toISOString().slice(0, 19);
    const config = parseBacktestConfig({ strategy: 'sma-cross', exchange: 'synthetic', pairs: ['SYN/USD'], timeframe: '1m', from: '2000-01-01', to, volumeShare: null });
    if (process.env.BENCH_MEM_LIMIT) await store.connection.run(`SET memory_limit='${process.env.BENCH_MEM_LIMIT}'`);
    const r = await timeAsync(() => runBacktest(config, store));
    if (process.env.BENCH_MEM_DEBUG) console.error(JSON.stringify(process.memoryUsage()));
    return { bars: r.value.candles, fills: r.value.fills.length, seconds: r.wall, rssMB: peakRssMB(), hash: r.value.hash };
  } finally {
    store.close();
  }
}

/** This file bundled to `outfile`, native DuckDB bindings left to Node's resolver (like bin/build.js). */
async function bundleChild(outfile: string): Promise<void> {
  await build({
    entryPoints: [SELF], outfile, bundle: true, format: 'esm', platform: 'node', target: 'node20', logLevel: 'warning',
    external: ['@duckdb/node-bindings', 'tsx', 'tsx/*'],
    banner: { js: "import { createRequire as __benchCreateRequire } from 'node:module'; const require = __benchCreateRequire(import.meta.url);" },
  });
}

function fresh(child: string, path: string, bars: number): MemoryRun {
  const out = execFileSync(process.execPath, [child, 'child', path, String(bars)], { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop()!) as MemoryRun;
}

export async function benchMemory(sizes: readonly number[] = [70_253, 1_000_000, 10_000_000]): Promise<Record<string, number | string>> {
  const dir = mkdtempSync(join(tmpdir(), 'krakenbt-bench-mem-'));
  try {
    const path = join(dir, 'synthetic.duckdb');
    await buildSyntheticStore(path, Math.max(...sizes));
    // Next to this file, so its external imports resolve from the repo's node_modules.
    const child = join(dirname(SELF), `.memory-child-${process.pid}.mjs`);
    await bundleChild(child);
    const out: Record<string, number | string> = {};
    const runs = sizes.map((n) => fresh(child, path, n));
    for (const r of runs) {
      const label = r.bars >= 1e6 ? `${r.bars / 1e6}M` : `${Math.round(r.bars / 1e3)}k`;
      out[`${label} bars: bars/s (whole runBacktest)`] = Math.round(r.bars / r.seconds);
      out[`${label} bars: fills / fills/s`] = `${r.fills} / ${Math.round(r.fills / r.seconds)}`;
      out[`${label} bars: peak RSS MB`] = r.rssMB;
    }
    if (runs.length >= 2) out[`RSS growth MB, ${Math.round(runs[0].bars / 1e3)}k -> ${runs[1].bars / 1e6}M`] = runs[1].rssMB - runs[0].rssMB;
    out['hashes'] = runs.map((r) => r.hash.slice(0, 12)).join(' ');
    out['reference: empty node process peak RSS MB'] = Number(execFileSync(process.execPath, ['-e', 'console.log(Math.round(process.resourceUsage().maxRSS/1024))'], { encoding: 'utf8' }).trim());
    out['seconds (all sizes)'] = round(runs.reduce((s, r) => s + r.seconds, 0), 1);
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(join(dirname(SELF), `.memory-child-${process.pid}.mjs`), { force: true });
  }
}

if (process.argv[1] === SELF) {
  if (process.argv[2] === 'child') console.log(JSON.stringify(await child(process.argv[3], Number(process.argv[4]))));
  else console.log(await benchMemory(process.argv.slice(2).map(Number).filter((x) => x > 0).length ? process.argv.slice(2).map(Number) : undefined));
}
