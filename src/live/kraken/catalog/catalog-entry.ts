import type { KrakenPairInfo } from '../../../core/instruments/kraken-pairs.ts';

/**
 * One tradable Kraken spot pair as the live side knows it: the core `KrakenPairInfo` (names
 * and precisions, so `SymbolTable` can be built from it) plus what only a live catalog has.
 * `symbol` is the WebSocket v2 symbol ("BTC/USD"), which is also the canonical name;
 * `base`/`quote` are ISO-style codes ("BTC", "USD"). Minimums are exact decimal strings.
 */
export interface CatalogEntry extends KrakenPairInfo {
  readonly base: string;
  readonly quote: string;
  /** Kraken pair status: online, cancel_only, post_only, limit_only, reduce_only, maintenance, delisted, ... */
  readonly status: string;
  /** Price increment, when the source gives one (REST tick_size, WS price_increment). */
  readonly tickSize?: string;
  /** Where the entry came from; REST names are empty strings for a pair only the WS instrument channel listed. */
  readonly source: 'rest' | 'ws' | 'rest+ws';
}

/** Asset altnames that differ from the v2/ISO code, as Kraken maps them when forming v2 symbols from wsname. */
export const V1_TO_V2_ASSET: Readonly<Record<string, string>> = { XBT: 'BTC', XDG: 'DOGE' };

/** "XBT/USD" -> "BTC/USD", "XDG/EUR" -> "DOGE/EUR"; undefined if it is not "A/B". */
export function v2SymbolFromWsname(wsname: string): string | undefined {
  const parts = wsname.split('/');
  if (parts.length !== 2 || !parts[0] || !parts[1]) return undefined;
  const [b, q] = parts.map((p) => V1_TO_V2_ASSET[p] ?? p);
  return `${b}/${q}`;
}

/** Raised for catalog input that cannot become an entry; names the pair and the field. */
export class CatalogDataError extends Error {
  constructor(
    readonly pair: string,
    readonly field: string,
    reason: string,
  ) {
    super(`catalog pair ${pair}: ${field}: ${reason}`);
    this.name = 'CatalogDataError';
  }
}
