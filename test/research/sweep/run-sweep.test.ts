import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MarketStore } from '../../../src/backtest/store/index.ts';
import { runSweep, type SweepSpec } from '../../../src/research/sweep/run-sweep.ts';
import { researchStore } from '../helpers.ts';

let store: MarketStore;
beforeAll(async () => {
  store = await researchStore();
});
afterAll(() => store.close());

const spec: SweepSpec = {
  base: { strategy: 'sma-cross', pairs: ['BTC/USD'], timeframe: '4h', from: '2019-01-01', to: '2021-12-31' },
  space: { fast: ['5', '10', '20'], slow: ['10', '30', '60'] },
};

describe('runSweep', () => {
  it('gives identical results inline, on 1 worker and on 2 workers, ordered by job', async () => {
    const inline = await runSweep(store, spec, { workers: 0 });
    const one = await runSweep(store, spec, { workers: 1, chunk: 1 });
    const two = await runSweep(store, spec, { workers: 2, chunk: 1 });
    expect(inline.results.map((r) => r.index)).toEqual(inline.results.map((_, i) => i));
    expect(one.results).toEqual(inline.results);
    expect(two.results).toEqual(inline.results);
    expect(inline.sweepId).toBe(two.sweepId);
  });

  it('refuses parameter sets the strategy rejects, with its reason, and runs the rest', async () => {
    const out = await runSweep(store, spec, { workers: 0 });
    expect(out.skipped.map((s) => s.params)).toEqual([{ fast: '10', slow: '10' }, { fast: '20', slow: '10' }]);
    expect(out.skipped[0].reason).toMatch(/fast < slow/);
    expect(out.results).toHaveLength(7);
    expect(out.results.every((r) => r.error === null && r.hash !== null)).toBe(true);
  });

  it('stores results and resumes: only missing jobs run again, the outcome is the same', async () => {
    const first = await runSweep(store, spec, { workers: 0, store });
    expect(first.resumed).toBe(0);
    // Simulate an interruption: drop three stored results.
    await store.connection.run('DELETE FROM sweep_results WHERE sweep_id = $1 AND job_index IN (1, 4, 6)', [first.sweepId]);
    let ran = 0;
    const again = await runSweep(store, spec, { workers: 2, store, onProgress: (p) => (ran = p.done - p.resumed) });
    expect(again.resumed).toBe(4);
    expect(ran).toBe(3);
    expect(again.results).toEqual(first.results);
    const third = await runSweep(store, spec, { workers: 2, store });
    expect(third.resumed).toBe(7);
    expect(third.results).toEqual(first.results);
  });

  it('stops at an abort and reports the sweep incomplete', async () => {
    const abort = new AbortController();
    const out = await runSweep(store, { ...spec, base: { ...spec.base, from: '2018-01-01' } }, { workers: 0, signal: abort.signal, onProgress: (p) => p.done >= 2 && abort.abort() });
    expect(out.complete).toBe(false);
    expect(out.results.length).toBeLessThan(7);
  });

  it('walk-forward runs every candidate on every fold, train and test', async () => {
    const out = await runSweep(store, { ...spec, walkForward: { folds: 2, trainRatio: 2 } }, { workers: 2 });
    expect(out.results).toHaveLength(2 * 2 * 7);
    const folds = new Set(out.results.map((r) => `${r.fold}/${r.segment}`));
    expect([...folds].sort()).toEqual(['0/test', '0/train', '1/test', '1/train']);
  });
});

describe('sweep jobs skip attribution', () => {
  it('a job row has the same hash, metrics and final equity as the full backtest that tracks attribution', async () => {
    const { parseBacktestConfig } = await import('../../../src/backtest/run/backtest-config.ts');
    const { runBacktest } = await import('../../../src/backtest/run/run-backtest.ts');
    const { formatFixed } = await import('../../../src/core/decimal/fixed.ts');
    const out = await runSweep(store, spec, { workers: 0 });
    for (const row of out.results.slice(0, 3)) {
      const config = parseBacktestConfig({ ...spec.base, params: row.params, from: new Date(row.from).toISOString(), to: new Date(row.to).toISOString() });
      const full = await runBacktest(config, store);
      const bare = await runBacktest(config, store, { attribution: false });
      expect(full.attribution).not.toBeNull();
      expect(bare.attribution).toBeNull();
      expect(bare.hash).toBe(full.hash);
      expect(bare.metrics).toEqual(full.metrics);
      expect(row.hash).toBe(full.hash);
      expect(row.sharpe).toBe(full.metrics.sharpe);
      expect(row.trades).toBe(full.metrics.trades);
      expect(row.finalEquity).toBe(formatFixed(full.finalEquity));
    }
  });
});
