/**
 * `npm run bench`: prints the performance figures the issues set targets for. Nothing here
 * asserts a time; the numbers are for people (and the session notes) to read.
 */
import { execFileSync } from 'node:child_process';
import { benchKernel } from './kernel.ts';
import { benchStoreLoad } from './store-load.ts';
import { benchSweep } from './sweep.ts';
import { benchLiveLatency } from './live-latency.ts';
import { ensureStore } from '../src/backtest/store/index.ts';

function section(title: string, figures: Record<string, number | string>): void {
  console.log(`\n== ${title}`);
  for (const [k, v] of Object.entries(figures)) console.log(`  ${k.padEnd(44)} ${typeof v === 'number' ? v.toLocaleString('en-US') : v}`);
}

function cliWallTime(): Record<string, number | string> {
  const args = ['--import', 'tsx', 'src/backtest/cli.ts', '--strategy', 'sma-cross', '--pairs', 'BTC/USD,ETH/USD', '--from', '2013-01-01', '--to', '2022-12-31', '--timeframe', '1h', '--json', '--no-report', '--no-save'];
  const times: number[] = [];
  let candles = 0;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const out = execFileSync(process.execPath, args, { encoding: 'utf8' });
    times.push((performance.now() - t0) / 1000);
    candles = JSON.parse(out).candles;
  }
  times.sort((a, b) => a - b);
  return { 'candles in the run': candles, 'wall time, median of 3 (s)': Number(times[1].toFixed(3)), 'wall time, best of 3 (s)': Number(times[0].toFixed(3)), target: '< 2 s including start-up' };
}

async function main(): Promise<void> {
  console.log(`node ${process.version}, ${process.arch}; one core per figure unless said otherwise`);
  const candles = Number(process.env.BENCH_CANDLES ?? 5_000_000);
  section(`kernel: ${candles.toLocaleString('en-US')} synthetic 1-minute candles over 10 pairs (targets: 20M/s bare, 3M/s sma-cross)`, benchKernel(candles));
  section('market store: DuckDB -> columnar batches (target: 5M candles/s)', await benchStoreLoad());
  await ensureStore(undefined, { progressBar: false });
  section('CLI: 10-year hourly backtest of BTC/USD + ETH/USD (sma-cross), whole process', cliWallTime());
  section('sweep: the same grid inline, on 1 worker and on all cores (results must be identical)', await benchSweep());
  section('live: trade message on the socket -> resulting order leaving the process (target p99 < 1 ms)', await benchLiveLatency());
}

await main();
