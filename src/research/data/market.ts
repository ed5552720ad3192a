import { DEFAULT_STORE_PATH, ensureStore, MarketStore } from '../../backtest/store/index.ts';

/**
 * Opens the market store for research, building it from the bundled data on first use.
 * DuckDB lets one process write a file at a time: close it (store.close()) before a CLI
 * (npm run backtest / sweep) opens the same file.
 */
export async function openMarket(path: string = DEFAULT_STORE_PATH): Promise<MarketStore> {
  await ensureStore(path, { progressBar: false });
  return MarketStore.open(path);
}
