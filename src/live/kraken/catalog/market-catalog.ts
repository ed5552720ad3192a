import { KRAKEN_PAIRS, type KrakenPairInfo } from '../../../core/instruments/kraken-pairs.ts';
import { SymbolTable } from '../../../core/instruments/symbols.ts';
import type { InstrumentMessage } from '../ws/messages/market-data.ts';
import type { CatalogEntry } from './catalog-entry.ts';
import { catalogFromAssetPairs, type SkippedPair } from './from-asset-pairs.ts';
import { entryFromInstrumentPair } from './from-instrument.ts';

/**
 * The live market catalog: REST AssetPairs for names (pair id, altname, wsname) and the WS v2
 * instrument channel for v2-native precision, minimums and status. When both know a pair the
 * WS values win (they are what the v2 trading API enforces) and the REST names are kept.
 */
export class MarketCatalog {
  private readonly bySymbol = new Map<string, CatalogEntry>();
  readonly skipped: SkippedPair[] = [];

  static fromSources(sources: { assetPairs?: unknown; instrument?: InstrumentMessage }): MarketCatalog {
    const c = new MarketCatalog();
    if (sources.assetPairs !== undefined) c.applyAssetPairs(sources.assetPairs);
    if (sources.instrument !== undefined) c.applyInstrument(sources.instrument);
    return c;
  }

  applyAssetPairs(assetPairs: unknown): void {
    const { entries, skipped } = catalogFromAssetPairs(assetPairs);
    this.skipped.push(...skipped);
    for (const rest of entries) {
      const existing = this.bySymbol.get(rest.symbol);
      this.bySymbol.set(rest.symbol, existing && existing.source !== 'rest' ? mergeRestNames(existing, rest) : rest);
    }
  }

  /** Snapshot or update: updates carry only the pairs that changed, so nothing is removed here. */
  applyInstrument(msg: InstrumentMessage): void {
    for (const p of msg.data.pairs) {
      const ws = entryFromInstrumentPair(p);
      const existing = this.bySymbol.get(ws.symbol);
      this.bySymbol.set(ws.symbol, existing && existing.source !== 'ws' ? mergeRestNames(ws, existing) : ws);
    }
  }

  get(symbol: string): CatalogEntry | undefined {
    return this.bySymbol.get(symbol);
  }

  entries(): CatalogEntry[] {
    return [...this.bySymbol.values()].sort((a, b) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
  }

  /** Symbols whose status allows placing new orders ("online"), e.g. for a market watch universe. */
  tradableSymbols(): string[] {
    return this.entries()
      .filter((e) => e.status === 'online')
      .map((e) => e.symbol);
  }

  get size(): number {
    return this.bySymbol.size;
  }

  /**
   * A SymbolTable resolving every Kraken spelling of the catalog's pairs; static pairs the
   * catalog does not list (e.g. delisted ones in old data) are kept as a fallback.
   */
  toSymbolTable(fallback: readonly KrakenPairInfo[] = KRAKEN_PAIRS): SymbolTable {
    const infos: KrakenPairInfo[] = this.entries().map(toPairInfo);
    const known = new Set(infos.map((i) => i.symbol));
    for (const f of fallback) if (!known.has(f.symbol)) infos.push(f);
    return new SymbolTable(infos);
  }
}

/** Strips the live-only fields; a WS-only pair gets its v2 symbol in place of the unknown REST names. */
export function toPairInfo(e: CatalogEntry): KrakenPairInfo {
  const compact = e.symbol.replace('/', '');
  return {
    symbol: e.symbol,
    pairId: e.pairId || compact,
    altname: e.altname || compact,
    wsname: e.wsname || e.symbol,
    baseId: e.baseId,
    quoteId: e.quoteId,
    priceDecimals: e.priceDecimals,
    lotDecimals: e.lotDecimals,
    costDecimals: e.costDecimals,
    ordermin: e.ordermin,
    costmin: e.costmin,
    ...(e.tickSize !== undefined ? { tickSize: e.tickSize } : {}),
  };
}

function mergeRestNames(ws: CatalogEntry, rest: CatalogEntry): CatalogEntry {
  return {
    ...ws,
    pairId: rest.pairId,
    altname: rest.altname,
    wsname: rest.wsname,
    baseId: rest.baseId,
    quoteId: rest.quoteId,
    tickSize: ws.tickSize ?? rest.tickSize,
    source: 'rest+ws',
  };
}
