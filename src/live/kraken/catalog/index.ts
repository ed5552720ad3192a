export { CatalogDataError, V1_TO_V2_ASSET, v2SymbolFromWsname, type CatalogEntry } from './catalog-entry.ts';
export { catalogFromAssetPairs, type AssetPairsCatalog, type SkippedPair } from './from-asset-pairs.ts';
export { entryFromInstrumentPair } from './from-instrument.ts';
export { MarketCatalog, toPairInfo } from './market-catalog.ts';
export { CatalogStore, INSTRUMENTS_DDL, type InstrumentRow } from './catalog-store.ts';
