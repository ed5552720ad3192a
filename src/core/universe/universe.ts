import { KRAKEN_PAIRS, krakenInstrument, type KrakenPairInfo } from '../instruments/kraken-pairs.ts';
import type { Instrument } from '../instruments/instrument.ts';
import { normalizeAsset } from '../instruments/symbols.ts';

/**
 * The original bot's trading universe: ten coins against USD. Canonical names are Kraken's
 * WebSocket v2 symbols ("BTC/USD"); Kraken's REST/v1 spellings (XXBTZUSD, XBTUSD, XBT/USD,
 * XDG for DOGE, MATIC for what Kraken now lists as POL) resolve to them and back.
 */
export const UNIVERSE_QUOTE = 'USD';
export const UNIVERSE_BASES = ['BTC', 'ETH', 'SOL', 'XRP', 'ADA', 'DOT', 'LINK', 'DOGE', 'POL', 'AVAX'] as const;
export type UniverseBase = (typeof UNIVERSE_BASES)[number];
export const UNIVERSE_SYMBOLS: readonly string[] = UNIVERSE_BASES.map((b) => `${b}/${UNIVERSE_QUOTE}`);

/** Former names Kraken (or the original bot) used for a coin. */
const LEGACY_BASES: Readonly<Record<string, UniverseBase>> = { MATIC: 'POL', XDG: 'DOGE', XXDG: 'DOGE', XBT: 'BTC', XXBT: 'BTC' };

export class UniverseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UniverseError';
  }
}

/** Kraken's names of a universe pair. */
export interface KrakenNames {
  readonly symbol: string; // canonical, v2
  readonly pairId: string; // REST result key, e.g. XXBTZUSD
  readonly altname: string; // e.g. XBTUSD
  readonly wsname: string; // v1, e.g. XBT/USD
}

const STATIC_INFO = new Map<string, KrakenPairInfo>(KRAKEN_PAIRS.filter((p) => UNIVERSE_SYMBOLS.includes(p.symbol)).map((p) => [p.symbol, p]));

function baseOf(raw: string): UniverseBase | undefined {
  const upper = raw.trim().toUpperCase();
  const b = LEGACY_BASES[upper] ?? normalizeAsset(upper);
  return (UNIVERSE_BASES as readonly string[]).includes(b) ? (b as UniverseBase) : undefined;
}

const QUOTE_SPELLINGS = ['ZUSD', 'USD'];

/** Canonical symbol for any spelling of a universe pair, or undefined. */
export function tryCanonical(name: string): string | undefined {
  const trimmed = name.trim().toUpperCase();
  if (trimmed === '') return undefined;
  for (const info of STATIC_INFO.values()) {
    if ([info.symbol, info.pairId, info.altname, info.wsname].includes(trimmed)) return info.symbol;
  }
  const parts = trimmed.split(/[/_-]/);
  if (parts.length === 2) {
    const base = baseOf(parts[0]);
    return base && normalizeAsset(parts[1]) === UNIVERSE_QUOTE ? `${base}/${UNIVERSE_QUOTE}` : undefined;
  }
  // Run-together spellings: XXBTZUSD, MATICUSD, XDGUSD.
  for (const q of QUOTE_SPELLINGS) {
    if (trimmed.length > q.length && trimmed.endsWith(q)) {
      const base = baseOf(trimmed.slice(0, -q.length));
      if (base) return `${base}/${UNIVERSE_QUOTE}`;
    }
  }
  return undefined;
}

/** Canonical symbol ("BTC/USD") for any Kraken spelling; an unknown or out-of-universe name is an error. */
export function toCanonical(name: string): string {
  const s = tryCanonical(name);
  if (s === undefined) throw new UniverseError(`pair ${JSON.stringify(name)} is not in the universe (${UNIVERSE_SYMBOLS.join(', ')})`);
  return s;
}

/** Kraken's names for a universe pair given in any spelling. */
export function toKraken(name: string): KrakenNames {
  const symbol = toCanonical(name);
  const info = STATIC_INFO.get(symbol);
  if (!info) throw new UniverseError(`no Kraken names known for ${symbol}`);
  return { symbol, pairId: info.pairId, altname: info.altname, wsname: info.wsname };
}

/**
 * Checks the universe against an exchange catalog (the static table, or a live AssetPairs
 * refresh mapped to KrakenPairInfo). Every universe pair must be listed, under its current or
 * a legacy name (MATICUSD counts for POL/USD). Returns the instruments with the catalog's
 * precisions; throws naming every missing pair.
 */
export function validateAgainstCatalog(catalog: readonly KrakenPairInfo[], symbols: readonly string[] = UNIVERSE_SYMBOLS): Instrument[] {
  const found = new Map<string, KrakenPairInfo>();
  for (const info of catalog) {
    const s = tryCanonical(info.symbol) ?? tryCanonical(info.pairId) ?? tryCanonical(info.altname) ?? tryCanonical(info.wsname);
    if (s !== undefined && !found.has(s)) found.set(s, info);
  }
  const wanted = symbols.map(toCanonical);
  const missing = wanted.filter((s) => !found.has(s));
  if (missing.length) throw new UniverseError(`catalog lacks universe pair${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (checked ${catalog.length} catalog pairs)`);
  return wanted.map((s) => ({ ...krakenInstrument(found.get(s)!), symbol: s, base: s.split('/')[0], quote: UNIVERSE_QUOTE }));
}
