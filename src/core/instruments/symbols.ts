import { KRAKEN_ASSET_ALIASES, KRAKEN_PAIRS, krakenInstrument, type KrakenPairInfo } from './kraken-pairs.ts';
import type { Instrument } from './instrument.ts';

/** Thrown for a pair or asset name nobody knows; the message lists what is available. */
export class UnknownSymbolError extends Error {
  constructor(readonly input: string, readonly available: readonly string[]) {
    super(`unknown pair ${JSON.stringify(input)}; available: ${available.join(', ')}`);
    this.name = 'UnknownSymbolError';
  }
}

/** Kraken asset id or altname ("XXBT", "XBT", "XDG", "ZUSD") -> ISO-style code ("BTC", "DOGE", "USD"). */
export function normalizeAsset(name: string): string {
  const upper = name.trim().toUpperCase();
  return KRAKEN_ASSET_ALIASES[upper] ?? upper;
}

/** The spellings an asset name may stand for: itself, its alias, and a 4-letter X/Z id without its prefix. */
function assetSpellings(name: string): string[] {
  const out = [name, normalizeAsset(name)];
  if (name.length === 4 && (name[0] === 'X' || name[0] === 'Z')) out.push(normalizeAsset(name.slice(1)));
  return [...new Set(out)];
}

function compact(name: string): string {
  return name.trim().toUpperCase().replace(/[\s/_-]/g, '');
}

/**
 * Resolves every Kraken spelling of a pair to one canonical symbol: REST pair id (XXBTZUSD),
 * altname (XBTUSD), v1 wsname (XBT/USD) and v2 symbol (BTC/USD) all give "BTC/USD".
 * Built from a list of pairs so a live catalog can extend it.
 */
export class SymbolTable {
  private readonly byName = new Map<string, KrakenPairInfo>();
  private readonly infos: KrakenPairInfo[] = [];

  constructor(pairs: readonly KrakenPairInfo[] = KRAKEN_PAIRS) {
    for (const p of pairs) this.add(p);
  }

  add(info: KrakenPairInfo): void {
    this.infos.push(info);
    const [base, quote] = info.symbol.split('/');
    const names = [info.symbol, info.pairId, info.altname, info.wsname, base + quote, info.baseId + info.quoteId];
    for (const n of names) this.byName.set(compact(n), info);
    this.byName.set(info.symbol.toUpperCase(), info);
  }

  /** Canonical symbol for any known spelling, or undefined. */
  tryResolve(name: string): string | undefined {
    const direct = this.byName.get(compact(name));
    if (direct) return direct.symbol;
    // Slash form with aliased assets ("XBT/USD", "XDG/USD", "MATIC/USD").
    const parts = name.split('/');
    if (parts.length === 2) {
      const alt = `${normalizeAsset(parts[0])}/${normalizeAsset(parts[1])}`;
      const hit = this.byName.get(compact(alt));
      if (hit) return hit.symbol;
    }
    return parts.length === 1 ? this.resolveJoined(compact(name)) : undefined;
  }

  /**
   * A joined Kraken name the table does not list under that spelling: an altname ("XBTUSD",
   * "XDGUSD") or X/Z-prefixed pair id ("XXBTZUSD") when the table was built from data that
   * only had v2 names (the WS instrument channel). Tries each split into two asset names,
   * maps Kraken asset aliases (XBT -> BTC, XDG -> DOGE, ZUSD -> USD, 4-letter X/Z ids) and
   * accepts the answer only when exactly one pair matches.
   */
  private resolveJoined(joined: string): string | undefined {
    const hits = new Set<string>();
    for (let i = 2; i <= joined.length - 2; i++) {
      const a = joined.slice(0, i);
      const b = joined.slice(i);
      for (const base of assetSpellings(a)) {
        for (const quote of assetSpellings(b)) {
          if (base === a && quote === b) continue;
          const hit = this.byName.get(base + quote);
          if (hit) hits.add(hit.symbol);
        }
      }
    }
    return hits.size === 1 ? [...hits][0] : undefined;
  }

  /** Canonical symbol; throws UnknownSymbolError naming the known pairs. */
  resolve(name: string): string {
    const s = this.tryResolve(name);
    if (!s) throw new UnknownSymbolError(name, this.symbols());
    return s;
  }

  info(symbol: string): KrakenPairInfo {
    const info = this.byName.get(compact(this.resolve(symbol)));
    if (!info) throw new UnknownSymbolError(symbol, this.symbols());
    return info;
  }

  instrument(name: string): Instrument {
    return krakenInstrument(this.info(name));
  }

  symbols(): string[] {
    return this.infos.map((i) => i.symbol);
  }
}

export const defaultSymbols = new SymbolTable();
