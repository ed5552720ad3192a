/**
 * `npm run bench:distributed`: throughput of `krakenbt sweep --queue` with 1 and 2 worker
 * processes on this machine, beside the local single-thread sweep of the same jobs (the
 * reference, same run), and the coordinator's own CPU cost per job. Workload: sma-cross on the
 * bundled real Kraken BTC/USD hourly file (70,253 bars, 2013-2023, Kraken starter fees), one job
 * per (fast, slow) pair. Prints figures and writes them to bench/results/; asserts nothing.
 *
 *   npm run bench:distributed -- --jobs 60   # default 200
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLED_DIR, MarketStore } from '../src/backtest/store/index.ts';
import { snapshotCandles } from '../src/research/data/candle-snapshot.ts';
import { snapshotToParquet } from '../src/research/distributed/candle-parquet.ts';
import { queueExecutor } from '../src/research/distributed/queue-executor.ts';
import { resultsHash } from '../src/research/sweep/results-hash.ts';
import { runSweep, sweepIdOf, type SweepSpec } from '../src/research/sweep/run-sweep.ts';
import { backtestConfig } from '../src/research/runs/backtest.ts';
import { startRedis } from '../test/research/distributed/redis.ts';

const ROOT = join(import.meta.dirname, '..');
const argJobs = process.argv.indexOf('--jobs');
const JOBS = argJobs > 0 ? Number(process.argv[argJobs + 1]) : 200;

function grid(n: number): SweepSpec['space'] {
  // fast 2..(2+k) x slow 50,75,... until n points (fast < slow always holds).
  const slows = ['50', '75', '100', '150', '200', '300'];
  const fasts: string[] = [];
  for (let f = 2; fasts.length * slows.length < n; f++) fasts.push(String(f));
  return { fast: fasts, slow: slows };
}

function startWorker(url: string): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/krakenbt.ts', 'worker', '--queue', url, '--quiet'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    child.once('error', reject);
    child.stderr!.on('data', (d: Buffer) => {
      if (d.toString().includes('taking jobs')) resolve(child);
    });
  });
}

async function stopAll(children: ChildProcess[]): Promise<void> {
  await Promise.all(children.map((c) => new Promise<void>((resolve) => {
    if (c.exitCode !== null) return resolve();
    c.once('exit', () => resolve());
    c.kill('SIGTERM');
  })));
}

async function main(): Promise<void> {
  const store = await MarketStore.open(':memory:');
  await store.importFile(join(BUNDLED_DIR, 'kraken/ohlcvt/60/XBTUSD_60.csv.gz'), { format: 'kraken-ohlcvt', exchange: 'kraken', symbol: 'BTC/USD', intervalMin: 60 });
  const space = grid(JOBS);
  const spec: SweepSpec = { base: { strategy: 'sma-cross', pairs: ['BTC/USD'], timeframe: '1h', from: '2013-01-01', to: '2023-12-31' }, space };
  const config = backtestConfig(spec.base);
  const sweepId = sweepIdOf(spec, config);
  const snapshot = await snapshotCandles(store, { pairs: config.pairs, timeframe: config.timeframe, from: config.from, to: config.to });

  const t0 = performance.now();
  const local = await runSweep(store, spec, { workers: 0, snapshot });
  const localS = (performance.now() - t0) / 1000;
  const jobs = local.results.length;

  const e0 = performance.now();
  const pq = await snapshotToParquet(snapshot);
  const exportMs = performance.now() - e0;

  const redis = await startRedis();
  const figures: Record<string, number | string> = {
    'jobs (sma-cross, real BTC/USD 1h, 70,253 bars each)': jobs,
    'reference: local sweep, 1 thread (runs/s)': Number((jobs / localS).toFixed(2)),
    'candles as Parquet: bytes / export ms (once per sweep)': `${pq.bytes.length} / ${exportMs.toFixed(1)}`,
  };
  const rates: number[] = [];
  try {
    for (const n of [1, 2]) {
      const workers = await Promise.all(Array.from({ length: n }, () => startWorker(redis.url)));
      const cpu0 = process.cpuUsage();
      // The first status comes once the candles are exported and every job is queued: from then
      // on the coordinator only coordinates (events, result rows, the periodic check).
      let queued: NodeJS.CpuUsage | undefined;
      const w0 = performance.now();
      const out = await runSweep(store, spec, { snapshot, executor: queueExecutor({ url: redis.url, sweepId, reconcileMs: 1000, onStatus: () => (queued ??= process.cpuUsage()) }) });
      const wallS = (performance.now() - w0) / 1000;
      const cpu = process.cpuUsage(cpu0);
      const coord = process.cpuUsage(queued);
      await stopAll(workers);
      if (resultsHash(out.results) !== resultsHash(local.results)) throw new Error(`results with ${n} worker(s) differ from the local sweep`);
      rates.push(jobs / wallS);
      figures[`queue, ${n} worker process(es) (runs/s)`] = Number((jobs / wallS).toFixed(2));
      figures[`coordinator CPU per job after queueing, ${n} worker(s) (ms; target <= 2)`] = Number(((coord.user + coord.system) / 1000 / jobs).toFixed(3));
      figures[`coordinator CPU per job incl. export and queueing, ${n} worker(s) (ms)`] = Number(((cpu.user + cpu.system) / 1000 / jobs).toFixed(3));
    }
  } finally {
    await redis.stop();
    store.close();
  }
  figures['speed-up, 2 workers vs 1 (target >= 1.8)'] = Number((rates[1] / rates[0]).toFixed(2));
  figures['results identical to the local sweep'] = 'yes (same results hash)';

  console.log(`\n== distributed sweep on this machine (node ${process.version}, 2 cores shared by coordinator and workers)`);
  for (const [k, v] of Object.entries(figures)) console.log(`  ${k.padEnd(58)} ${v}`);
  const dir = join(ROOT, 'bench/results');
  mkdirSync(dir, { recursive: true });
  const json = JSON.stringify({ bench: 'distributed-sweep', at: new Date().toISOString(), figures }, null, 2);
  writeFileSync(join(dir, 'distributed-sweep-latest.json'), json);
}

await main();
