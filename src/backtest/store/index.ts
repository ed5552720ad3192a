/**
 * Public API of the market store (src/backtest/store). Typical use:
 *
 *   await ensureStore();                                  // builds data/store/market.duckdb from the bundled data once
 *   const store = await MarketStore.open();
 *   for await (const batch of store.loadCandles({ exchange: 'kraken', symbols: ['BTC/USD', 'ETH/USD'],
 *     interval: 60, from: Date.UTC(2020, 0, 1), to: Date.UTC(2021, 0, 1) })) { ... }
 *   await importFile(store, 'my/XBTUSD_5.csv.gz');        // a user's own file, idempotent
 *   store.close();
 */
import type { ImportOptions } from './import/import-file.ts';
import type { ImportReport } from './import/report.ts';
import type { MarketStore } from './market-store.ts';

export { DEFAULT_STORE_PATH, MarketStore, type InstrumentRow } from './market-store.ts';
export type { CandlesFromTradesRequest } from './candles-from-trades.ts';
export { NoCandlesError, type CandleRange, type LoadCandlesRequest, type StoredSeries } from './candle-loader.ts';
export { StoreOpenError } from './open-duckdb.ts';
export { loadCursors, MarketWriteError, saveCursor, writeCandles, writeTrades, type CandleRowInput, type DownloadCursor, type TradeRowInput } from './market-writes.ts';
export { MIGRATIONS, SchemaVersionError, latestSchemaVersion, migrate, type Migration } from './migrations.ts';
export { BUNDLED_DIR, ensureStore, importBundled, readManifest, type BundledOptions, type EnsureStoreResult, type ImportProgress, type Manifest, type ManifestEntry } from './bundled.ts';
export { ImportError, ImportRejectedError, IMPORT_FORMATS, type BadRow, type CandleFormat, type ImportFormat, type ImportReport } from './import/report.ts';
export type { ImportOptions } from './import/import-file.ts';
export { detectFormat } from './import/detect-format.ts';
export { BINANCE_QUOTES, SymbolNameError, canonicalSymbol, parseDataFileName, splitBinanceSymbol } from './symbols.ts';

/** Imports a user's own CSV / CSV.GZ file into the store; see ImportOptions. */
export function importFile(store: MarketStore, path: string, options: ImportOptions = {}): Promise<ImportReport> {
  return store.importFile(path, options);
}
