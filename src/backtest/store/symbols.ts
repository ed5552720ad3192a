import { defaultSymbols, type SymbolTable } from '../../core/instruments/symbols.ts';
import { parseTimeframe } from '../../core/market/timeframe.ts';

/**
 * Names of pairs and data files. Kraken names go through the SymbolTable (XBTUSD -> BTC/USD,
 * unknown pair -> an error listing the known ones). Binance names have no separator, so they
 * are split on the quote assets Binance lists (longest first: FDUSD before USD).
 */

export const BINANCE_QUOTES: readonly string[] = ['FDUSD', 'USDT', 'USDC', 'BUSD', 'USD', 'EUR', 'BTC', 'ETH'];

export class SymbolNameError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SymbolNameError';
  }
}

/** "AVAXUSDT" -> "AVAX/USDT"; "ETHBTC" -> "ETH/BTC"; "AVAX/USDT" stays. */
export function splitBinanceSymbol(name: string): string {
  const upper = name.trim().toUpperCase();
  if (upper.includes('/')) return upper;
  const quotes = [...BINANCE_QUOTES].sort((a, b) => b.length - a.length);
  for (const q of quotes) {
    if (upper.endsWith(q) && upper.length > q.length) return `${upper.slice(0, -q.length)}/${q}`;
  }
  throw new SymbolNameError(`cannot split ${JSON.stringify(name)} into base/quote: it ends in none of the known quotes ${BINANCE_QUOTES.join(', ')}; pass the symbol explicitly as BASE/QUOTE`);
}

/** The store's symbol for a name given by a user or a file: "BTC/USD" style, per exchange. */
export function canonicalSymbol(exchange: string, name: string, table: SymbolTable = defaultSymbols): string {
  if (exchange === 'kraken') return table.resolve(name);
  if (exchange === 'binance') return splitBinanceSymbol(name);
  const upper = name.trim().toUpperCase();
  if (/^[A-Z0-9]+\/[A-Z0-9]+$/.test(upper)) return upper;
  throw new SymbolNameError(`symbol ${JSON.stringify(name)} for exchange ${JSON.stringify(exchange)} must be given as BASE/QUOTE`);
}

export interface DataFileName {
  /** The pair as the file spells it ("XBTUSD", "AVAXUSDT"). */
  readonly pairName: string;
  /** Interval in minutes when the name carries one ("_60", "-1m"). */
  readonly intervalMin?: number;
}

/**
 * Pair and interval from a data file's name: "XBTUSD_60.csv.gz" (Kraken archive, minutes),
 * "AVAXUSDT-1m-2026-06.csv.gz" (Binance dump), "XBTUSD.csv" (Kraken trades). Undefined if
 * the name fits none of these.
 */
export function parseDataFileName(fileName: string): DataFileName | undefined {
  const base = fileName.replace(/^.*[\\/]/, '').replace(/\.csv(\.gz)?$/i, '').replace(/\.gz$/i, '');
  const withInterval = /^([A-Za-z0-9]+)[-_](\d+[mhdw]?)(?:[-_].*)?$/.exec(base);
  if (withInterval) return { pairName: withInterval[1], intervalMin: parseTimeframe(withInterval[2]) };
  const bare = /^([A-Za-z0-9]+)$/.exec(base);
  if (bare) return { pairName: bare[1] };
  return undefined;
}
