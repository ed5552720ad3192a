/**
 * (d) A sweep of 200 sma-cross backtests on the real XBT/USD 1h file (70,253 candles each),
 * candles loaded once into the shared snapshot; inline, on 1 worker and on 2 workers, and
 * whether every run's result (hash included) is identical. Reference: the plain JS loop run
 * over the same 200 parameter sets in this thread.
 */
import type { CandleSnapshot } from '../src/research/data/candle-snapshot.ts';
import { runSweep, type SweepSpec } from '../src/research/sweep/run-sweep.ts';
import { SnapshotSource } from '../src/research/data/candle-snapshot.ts';
import { round, timeAsync, timeSync } from './workloads/measure.ts';
import { XBTUSD_1H_RANGE } from './workloads/real-data.ts';
import { referenceSmaCross } from './workloads/reference-loop.ts';

/** 20 fast x 10 slow periods: 200 valid parameter sets (every fast < every slow). */
export function sweepSpec(fastCount = 20, slowCount = 10): SweepSpec {
  const fast = Array.from({ length: fastCount }, (_, i) => String(2 + i * 2));
  const slow = Array.from({ length: slowCount }, (_, i) => String(50 + i * 15));
  return { base: { strategy: 'sma-cross', ...XBTUSD_1H_RANGE, pairs: [...XBTUSD_1H_RANGE.pairs] }, space: { fast, slow } };
}

export async function benchSweep(snapshot: CandleSnapshot, spec: SweepSpec = sweepSpec()): Promise<Record<string, number | string>> {
  const source = new SnapshotSource(snapshot);
  const time = (workers: number) => timeAsync(() => runSweep(source, spec, { workers, snapshot }));
  const inline = await time(0);
  const one = await time(1);
  const two = await time(2);
  const jobs = two.value.results.length;
  const fastP = spec.space.fast.map(Number);
  const slowP = spec.space.slow.map(Number);
  const ref = timeSync(() => {
    let s = 0;
    for (const f of fastP) for (const sl of slowP) s += referenceSmaCross(snapshot, f, sl).equity;
    return s;
  });
  const key = (o: typeof one.value) => JSON.stringify(o.results);
  const same = key(inline.value) === key(one.value) && key(one.value) === key(two.value);
  const failed = two.value.results.filter((r) => r.error !== null).length;
  return {
    'backtests (each 70,253 real hourly candles)': jobs,
    'failed backtests': failed,
    'inline (s)': round(inline.wall, 2),
    '1 worker (s)': round(one.wall, 2),
    '2 workers (s)': round(two.wall, 2),
    'runs/s inline': round(jobs / inline.wall, 1),
    'runs/s 1 worker': round(jobs / one.wall, 1),
    'runs/s 2 workers': round(jobs / two.wall, 1),
    'speed-up 2 workers vs 1': round(one.wall / two.wall, 2),
    'CPU s inline / 1 worker / 2 workers (all threads)': `${round(inline.cpu, 2)} / ${round(one.cpu, 2)} / ${round(two.cpu, 2)}`,
    'reference JS loop runs/s (same 200 parameter sets, one thread)': round(jobs / ref.wall, 1),
    'results identical inline / 1 / 2 workers (hashes included)': same ? 'yes' : 'NO',
  };
}
