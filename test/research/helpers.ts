import { join } from 'node:path';
import { BUNDLED_DIR, MarketStore } from '../../src/backtest/store/index.ts';

/** An in-memory store with the bundled Kraken BTC/USD hourly candles and five daily series (fast to build). */
export async function researchStore(): Promise<MarketStore> {
  const store = await MarketStore.open(':memory:');
  await store.importFile(join(BUNDLED_DIR, 'kraken/ohlcvt/60/XBTUSD_60.csv.gz'), { format: 'kraken-ohlcvt', exchange: 'kraken', symbol: 'BTC/USD', intervalMin: 60 });
  for (const [file, symbol] of [['XBTUSD', 'BTC/USD'], ['ETHUSD', 'ETH/USD'], ['SOLUSD', 'SOL/USD'], ['XRPUSD', 'XRP/USD'], ['ADAUSD', 'ADA/USD']]) {
    await store.importFile(join(BUNDLED_DIR, `kraken/ohlcvt/1440/${file}_1440.csv.gz`), { format: 'kraken-ohlcvt', exchange: 'kraken', symbol, intervalMin: 1440 });
  }
  return store;
}

export const BIASED_STRATEGY = join(import.meta.dirname, 'fixtures', 'biased-strategy.ts');
