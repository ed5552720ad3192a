import { fileURLToPath } from 'node:url';
import { MarketStore } from '../../src/backtest/store/index.ts';
import { snapshotCandles, type CandleSnapshot } from '../../src/research/data/candle-snapshot.ts';

/** The bundled real Kraken XBT/USD hourly file (70,253 candles, 2013-10-06..2023-01-07). */
export const XBTUSD_1H_FILE = fileURLToPath(new URL('../../data/bundled/kraken/ohlcvt/60/XBTUSD_60.csv.gz', import.meta.url));

/** The whole range of that file, as the CLI takes dates. */
export const XBTUSD_1H_RANGE = { pairs: ['BTC/USD'], timeframe: '1h', from: '2013-01-01', to: '2023-12-31' } as const;

/**
 * Imports the real file into an in-memory DuckDB store and loads it once into a candle
 * snapshot (typed arrays): benches then time the kernel, not the import.
 */
export async function loadXbtUsd1h(): Promise<CandleSnapshot> {
  const store = await MarketStore.open(':memory:');
  try {
    await store.importFile(XBTUSD_1H_FILE);
    return await snapshotCandles(store, XBTUSD_1H_RANGE);
  } finally {
    store.close();
  }
}
