import { join } from 'node:path';
import type { CandleColumns } from '../../../src/core/features/candle-columns.ts';
import { BUNDLED_DIR, MarketStore } from '../../../src/backtest/store/index.ts';
import { loadSeries } from '../../../src/research/ml/candles.ts';
import { parseMlConfig } from '../../../src/core/ml/ml-config.ts';

/** An in-memory store with the bundled Kraken BTC/USD hourly candles. */
export async function btcStore(): Promise<MarketStore> {
  const store = await MarketStore.open(':memory:');
  await store.importFile(join(BUNDLED_DIR, 'kraken/ohlcvt/60/XBTUSD_60.csv.gz'), { format: 'kraken-ohlcvt', exchange: 'kraken', symbol: 'BTC/USD', intervalMin: 60 });
  return store;
}

let cached: Promise<CandleColumns> | undefined;

/** Bundled BTC/USD hourly candles, 2020-2022 (about 26 000 bars), loaded once per test file. */
export function btcHourly(from = '2020-01-01', to = '2022-12-31'): Promise<CandleColumns> {
  if (from === '2020-01-01' && to === '2022-12-31' && cached) return cached;
  const p = (async () => {
    const store = await btcStore();
    try {
      return await loadSeries(store, { pair: 'BTC/USD', timeframe: '1h', from, to });
    } finally {
      store.close();
    }
  })();
  if (from === '2020-01-01' && to === '2022-12-31') cached = p;
  return p;
}

/** Gates loose enough to let the bundled model through, so promotion and loading can be exercised. */
export const PERMISSIVE = parseMlConfig({
  gates: { performance: { minTestRows: 100, minPrecision: 0, minRecall: 0, minF1: 0, minSharpe: -100, minSharpeEdge: -100, minF1Edge: -1 }, risk: { maxDrawdown: 1 } },
});

