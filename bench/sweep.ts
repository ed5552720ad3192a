/**
 * Sweep throughput: the same grid of sma-cross backtests (BTC/USD hourly, 2016-2022) run
 * inline, on 1 worker thread and on every core, and whether the results are identical.
 * Candles are loaded once (outside the timings) into the shared snapshot all runs use.
 */
import { availableParallelism } from 'node:os';
import { snapshotCandles } from '../src/research/data/candle-snapshot.ts';
import { openMarket } from '../src/research/data/market.ts';
import { runSweep, type SweepSpec } from '../src/research/sweep/run-sweep.ts';

export async function benchSweep(): Promise<Record<string, number | string>> {
  const spec: SweepSpec = {
    base: { strategy: 'sma-cross', pairs: ['BTC/USD'], timeframe: '1h', from: '2016-01-01', to: '2022-12-31' },
    space: { fast: ['5', '10', '15', '20', '30', '40', '50', '60'], slow: ['70', '80', '100', '120', '150', '200'] },
  };
  const store = await openMarket();
  try {
    const snapshot = await snapshotCandles(store, { pairs: ['BTC/USD'], timeframe: '1h', from: '2016-01-01', to: '2022-12-31' });
    const cores = availableParallelism();
    const time = async (workers: number) => {
      const t0 = performance.now();
      const out = await runSweep(store, spec, { workers, snapshot });
      return { seconds: (performance.now() - t0) / 1000, out };
    };
    await time(0); // warm the JIT of this thread, so "inline" is not charged for it
    const inline = await time(0);
    const one = await time(1);
    const all = await time(cores);
    const same = JSON.stringify(one.out.results) === JSON.stringify(all.out.results) && JSON.stringify(inline.out.results) === JSON.stringify(all.out.results);
    const jobs = all.out.results.length;
    return {
      'backtests in the sweep (each 61k hourly candles)': jobs,
      'inline, warm (s)': Number(inline.seconds.toFixed(2)),
      '1 worker thread (s)': Number(one.seconds.toFixed(2)),
      [`${cores} worker threads (s)`]: Number(all.seconds.toFixed(2)),
      [`speed-up ${cores} workers vs 1`]: Number((one.seconds / all.seconds).toFixed(2)),
      'backtests per second, all cores': Math.round(jobs / all.seconds),
      'results identical inline / 1 worker / all cores': same ? 'yes' : 'NO',
    };
  } finally {
    store.close();
  }
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  for (const [k, v] of Object.entries(await benchSweep())) console.log(`  ${k.padEnd(50)} ${v}`);
}
