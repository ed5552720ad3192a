import { beforeAll, describe, expect, it } from 'vitest';
import { benchFillHeavy, runKernel } from '../../bench/kernel.ts';
import { benchMemory } from '../../bench/memory.ts';
import { benchRealSma } from '../../bench/real-sma.ts';
import { benchSweep, sweepSpec } from '../../bench/sweep.ts';
import { loadXbtUsd1h } from '../../bench/workloads/real-data.ts';
import { referenceSmaCross } from '../../bench/workloads/reference-loop.ts';
import type { CandleSnapshot } from '../../src/research/data/candle-snapshot.ts';

/**
 * The benchmarks at CI size: every figure is produced (a positive number where a number is
 * meant) and results are identical where they must be. No time is asserted, ever.
 */
const positive = (figures: Record<string, number | string>, keys: string[]) => {
  for (const k of keys) {
    expect(figures, k).toHaveProperty([k]);
    expect(typeof figures[k] === 'number' && Number.isFinite(figures[k]) && (figures[k] as number) > 0, `${k} = ${figures[k]}`).toBe(true);
  }
};

describe('bench smoke', () => {
  let snapshot: CandleSnapshot;
  beforeAll(async () => {
    snapshot = await loadXbtUsd1h();
  });

  it('(a) real XBT/USD 1h: kernel figures beside the reference loop, which makes the same orders and fills', async () => {
    expect(snapshot.length).toBe(70_253);
    const { figures, hash } = await benchRealSma(snapshot, 1);
    positive(figures, ['candles', 'orders', 'fills', 'kernel bars/s (CPU time, best run)', 'kernel fills/s (CPU time)', 'reference JS loop bars/s (CPU time)', 'ratio kernel / reference (CPU time)']);
    expect(figures['hash identical across repeats']).toBe('yes');
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    // The reference does the same trading, or its speed would not be a fair yardstick.
    expect(figures['reference loop orders / fills']).toBe(`${figures.orders} / ${figures.fills}`);
  });

  it('(b) fill-heavy: one fill per 25 bars, the same hash on every run', () => {
    const figures = benchFillHeavy(10_000, 1);
    expect(figures.fills).toBe(399);
    positive(figures, ['kernel bars/s (fill-heavy, CPU time)', 'kernel fills/s (CPU time)', 'kernel bars/s (no strategy, CPU time)', 'reference JS loop bars/s (CPU time)']);
    expect(figures['hash identical across repeats']).toBe('yes');
    expect(runKernel(undefined, 5_000).hash).toBe(runKernel(undefined, 5_000).hash);
  });

  it('(c) DuckDB-streamed runs in fresh processes report peak RSS', async () => {
    const figures = await benchMemory([2_000, 20_000]);
    positive(figures, ['2k bars: peak RSS MB', '20k bars: peak RSS MB', '2k bars: bars/s (whole runBacktest)']);
  });

  it('(d) sweep: identical results inline, on 1 and on 2 workers', async () => {
    const figures = await benchSweep(snapshot, sweepSpec(2, 1));
    expect(figures['backtests (each 70,253 real hourly candles)']).toBe(2);
    expect(figures['failed backtests']).toBe(0);
    expect(figures['results identical inline / 1 / 2 workers (hashes included)']).toBe('yes');
    positive(figures, ['runs/s inline', 'runs/s 1 worker', 'runs/s 2 workers', 'reference JS loop runs/s (same 200 parameter sets, one thread)']);
  });

  it('the reference loop is deterministic and trades', () => {
    const a = referenceSmaCross(snapshot);
    expect(a).toEqual(referenceSmaCross(snapshot));
    expect(a.fills).toBeGreaterThan(a.orders);
  });
});
