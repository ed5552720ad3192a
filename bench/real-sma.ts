/**
 * (a) sma-cross on the bundled real Kraken XBT/USD 1h file (70,253 candles), the kernel in
 * process through runBacktest (fees, volume cap, ledger, hash: a user's default run), timed
 * from candles already in memory; beside it the plain JS reference loop on the same arrays.
 */
import { parseBacktestConfig } from '../src/backtest/run/backtest-config.ts';
import { runBacktest, type BacktestResult } from '../src/backtest/run/run-backtest.ts';
import { SnapshotSource, type CandleSnapshot } from '../src/research/data/candle-snapshot.ts';
import { best, round, timeAsync, timeSync } from './workloads/measure.ts';
import { referenceSmaCross } from './workloads/reference-loop.ts';
import { XBTUSD_1H_RANGE } from './workloads/real-data.ts';

const REF_PASSES = 20;

export interface RealSmaFigures {
  figures: Record<string, number | string>;
  hash: string;
}

function run(snapshot: CandleSnapshot, params: Record<string, string>) {
  const config = parseBacktestConfig({ strategy: 'sma-cross', params, pairs: [...XBTUSD_1H_RANGE.pairs], from: XBTUSD_1H_RANGE.from, to: XBTUSD_1H_RANGE.to });
  return timeAsync(() => runBacktest(config, new SnapshotSource(snapshot)));
}

export async function benchRealSma(snapshot: CandleSnapshot, repeats = 5): Promise<RealSmaFigures> {
  await run(snapshot, {}); // warm the JIT
  const sma: Awaited<ReturnType<typeof run>>[] = [];
  const idle: Awaited<ReturnType<typeof run>>[] = [];
  const ref: ReturnType<typeof timeSync<ReturnType<typeof referenceSmaCross>>>[] = [];
  // Interleaved, so all three see the same machine load.
  for (let i = 0; i < repeats; i++) {
    sma.push(await run(snapshot, {}));
    idle.push(await run(snapshot, { slow: '100000' })); // same per-candle work, never an order
    // The loop takes about a millisecond: 20 passes per timing, divided below.
    ref.push(timeSync(() => {
      let out = referenceSmaCross(snapshot);
      for (let k = 1; k < REF_PASSES; k++) out = referenceSmaCross(snapshot);
      return out;
    }));
  }
  const s = best(sma);
  const b = best(idle);
  const rb = best(ref);
  const r = { cpu: rb.cpu / REF_PASSES, wall: rb.wall / REF_PASSES, value: rb.value };
  const result: BacktestResult = s.value;
  const hashes = new Set(sma.map((x) => x.value.hash));
  const orders = result.orders.length + result.openOrders.length;
  const fills = result.fills.length;
  const bars = result.candles;
  const perOrder = ((s.cpu - b.cpu) / Math.max(1, orders)) * 1e6;
  return {
    hash: result.hash,
    figures: {
      candles: bars,
      orders,
      fills,
      'kernel bars/s (CPU time, best run)': Math.round(bars / s.cpu),
      'kernel fills/s (CPU time)': Math.round(fills / s.cpu),
      'kernel run CPU ms / wall ms': `${round(s.cpu * 1000, 1)} / ${round(s.wall * 1000, 1)}`,
      'same run without orders, bars/s (CPU time)': Math.round(bars / b.cpu),
      'µs per order + its fills (run minus no-order run, CPU)': round(perOrder, 2),
      'µs per fill (same difference / fills)': round(((s.cpu - b.cpu) / Math.max(1, fills)) * 1e6, 2),
      'reference JS loop bars/s (CPU time)': Math.round(bars / Math.max(r.cpu, 1e-6)),
      'reference loop orders / fills': `${r.value.orders} / ${r.value.fills}`,
      'ratio kernel / reference (CPU time)': round(s.cpu / Math.max(r.cpu, 1e-6), 1),
      'hash identical across repeats': hashes.size === 1 ? 'yes' : 'NO',
      hash: result.hash,
    },
  };
}
