import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseBacktestConfig } from '../../../src/backtest/run/backtest-config.ts';
import { runBacktest } from '../../../src/backtest/run/run-backtest.ts';
import type { MarketStore } from '../../../src/backtest/store/index.ts';
import { SnapshotSource, snapshotCandles } from '../../../src/research/data/candle-snapshot.ts';
import { researchStore } from '../helpers.ts';

let store: MarketStore;
beforeAll(async () => {
  store = await researchStore();
});
afterAll(() => store.close());

describe('SnapshotSource serves candles exactly as the store does', () => {
  const cases = [
    { name: 'hourly, whole snapshot', snap: { pairs: ['BTC/USD'], timeframe: '1h', from: '2020-01-01', to: '2020-12-31' }, run: { from: '2020-01-01', to: '2020-12-31' } },
    { name: 'hourly, a sub-range', snap: { pairs: ['BTC/USD'], timeframe: '1h', from: '2020-01-01', to: '2020-12-31' }, run: { from: '2020-03-15T06:00Z', to: '2020-07-01' } },
    { name: '4h resampled from 1h', snap: { pairs: ['XBT/USD'], timeframe: '4h', from: '2019-01-01', to: '2021-12-31' }, run: { from: '2019-06-01', to: '2021-06-30' } },
    { name: 'daily, two of the pairs asked in the other order (rows re-ordered, not block-copied)', snap: { pairs: ['BTC/USD', 'ETH/USD', 'SOL/USD'], timeframe: '1d', from: '2021-01-01', to: '2022-12-31' }, run: { pairs: ['ETH/USD', 'BTC/USD'], from: '2021-03-01', to: '2022-06-30' } },
    { name: 'daily, five pairs with different starts', snap: { pairs: ['BTC/USD', 'ETH/USD', 'SOL/USD', 'XRP/USD', 'ADA/USD'], timeframe: '1d', from: '2021-01-01', to: '2022-12-31' }, run: { from: '2021-09-01', to: '2022-12-31' } },
  ];
  it.each(cases)('$name: same event-log hash and metrics', async ({ snap, run }) => {
    const config = parseBacktestConfig({ strategy: 'sma-cross', pairs: snap.pairs, timeframe: snap.timeframe, ...run });
    const fromStore = await runBacktest(config, store);
    const fromSnapshot = await runBacktest(config, new SnapshotSource(await snapshotCandles(store, snap)));
    expect(fromSnapshot.hash).toBe(fromStore.hash);
    expect(fromSnapshot.runEnd).toBe(fromStore.runEnd);
    expect(fromSnapshot.metrics).toEqual(fromStore.metrics);
  });

  it('keeps the candles in shared memory (workers read them without a copy)', async () => {
    const s = await snapshotCandles(store, { pairs: ['BTC/USD'], timeframe: '1h', from: '2021-01-01', to: '2021-01-31' });
    expect(s.close.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(s.length).toBeGreaterThan(700);
  });

  it.each([
    [{ exchange: 'kraken', symbols: ['BTC/USD'], interval: 60, from: Date.UTC(2020, 0, 1), to: Date.UTC(2022, 0, 1) }, /covers .* asked/],
    [{ exchange: 'kraken', symbols: ['ETH/USD'], interval: 60, from: Date.UTC(2021, 0, 1), to: Date.UTC(2021, 0, 2) }, /has no ETH\/USD/],
    [{ exchange: 'kraken', symbols: ['BTC/USD'], interval: 240, from: Date.UTC(2021, 0, 1), to: Date.UTC(2021, 0, 2) }, /holds kraken 60-minute candles, asked kraken 240-minute/],
  ])('refuses a request it cannot serve: %o', async (req, message) => {
    const src = new SnapshotSource(await snapshotCandles(store, { pairs: ['BTC/USD'], timeframe: '1h', from: '2021-01-01', to: '2021-01-31' }));
    expect(() => src.loadCandles(req)).toThrow(message);
  });
});
