import { parseFixed, type Fixed } from '../../../core/decimal/fixed.ts';
import { KRAKEN_PAIRS, type KrakenPairInfo } from '../../../core/instruments/kraken-pairs.ts';

/**
 * The simulator's instrument catalog: every name scheme Kraken uses (README section 8) for each asset
 * and pair, plus the per-pair rules the engine enforces. Built from the project's static Kraken pair
 * table; the numbers (precisions, ordermin, costmin, fee schedules) are Kraken's AssetPairs values.
 */
export interface SimAsset {
  readonly id: string; // REST asset id: XXBT, ZUSD, SOL
  readonly altname: string; // XBT, USD
  readonly iso: string; // WS v2 code: BTC, USD
  readonly decimals: number;
  readonly displayDecimals: number;
}

export type FeeSchedule = readonly (readonly [number, number])[];

export interface SimPair {
  readonly symbol: string; // BTC/USD (WS v2)
  readonly pairId: string; // XXBTZUSD (REST result key)
  readonly altname: string; // XBTUSD
  readonly wsname: string; // XBT/USD (v1)
  readonly base: SimAsset;
  readonly quote: SimAsset;
  readonly priceDecimals: number;
  readonly lotDecimals: number;
  readonly costDecimals: number;
  readonly ordermin: Fixed;
  readonly costmin: Fixed;
  readonly tickSize: Fixed;
  readonly fees: FeeSchedule; // taker
  readonly feesMaker: FeeSchedule;
  readonly info: KrakenPairInfo;
}

// Asset precisions from Kraken's Assets endpoint (decimals / display_decimals).
const ASSET_TABLE: readonly (readonly [id: string, altname: string, iso: string, decimals: number, display: number])[] = [
  ['XXBT', 'XBT', 'BTC', 10, 5],
  ['ZUSD', 'USD', 'USD', 4, 2],
  ['ZEUR', 'EUR', 'EUR', 4, 2],
  ['XETH', 'ETH', 'ETH', 10, 5],
  ['XLTC', 'LTC', 'LTC', 10, 5],
  ['XXRP', 'XRP', 'XRP', 8, 5],
  ['SOL', 'SOL', 'SOL', 10, 5],
  ['ADA', 'ADA', 'ADA', 8, 6],
  ['DOT', 'DOT', 'DOT', 10, 8],
  ['LINK', 'LINK', 'LINK', 10, 5],
  ['XXDG', 'XDG', 'DOGE', 8, 2],
  ['POL', 'POL', 'POL', 10, 4],
  ['AVAX', 'AVAX', 'AVAX', 10, 4],
  ['USDC', 'USDC', 'USDC', 8, 4],
  ['USDT', 'USDT', 'USDT', 8, 4],
];

// Fee schedules as captured in AssetPairs (README section 11): the 2023 schedule for volatile pairs,
// the flatter stablecoin schedule for USD-stable pairs.
const STANDARD_TAKER: FeeSchedule = [[0, 0.26], [50000, 0.24], [100000, 0.22], [250000, 0.2], [500000, 0.18], [1000000, 0.16], [2500000, 0.14], [5000000, 0.12], [10000000, 0.1]];
const STANDARD_MAKER: FeeSchedule = [[0, 0.16], [50000, 0.14], [100000, 0.12], [250000, 0.1], [500000, 0.08], [1000000, 0.06], [2500000, 0.04], [5000000, 0.02], [10000000, 0.0]];
const STABLE_TAKER: FeeSchedule = [[0, 0.2], [50000, 0.16], [100000, 0.12], [250000, 0.08], [500000, 0.04], [1000000, 0.02], [10000000, 0.01], [100000000, 0.001]];
const STABLE_MAKER: FeeSchedule = [[0, 0.2], [50000, 0.16], [100000, 0.12], [250000, 0.08], [500000, 0.04], [1000000, 0.02], [10000000, 0.0], [100000000, 0.0]];
const STABLES = new Set(['USDC', 'USDT']);

export class SimCatalog {
  readonly assets: SimAsset[] = [];
  readonly pairs: SimPair[] = [];
  private readonly assetByName = new Map<string, SimAsset>();
  private readonly pairByName = new Map<string, SimPair>();
  private readonly pairBySymbol = new Map<string, SimPair>();

  /** `extraAssets`: assets beyond Kraken's table, for synthetic pairs (sim/synthetic-market.ts). */
  constructor(pairs: readonly KrakenPairInfo[] = KRAKEN_PAIRS, extraAssets: readonly SimAsset[] = []) {
    for (const { id, altname, iso, decimals, displayDecimals } of [...ASSET_TABLE.map(([id, altname, iso, decimals, displayDecimals]) => ({ id, altname, iso, decimals, displayDecimals })), ...extraAssets]) {
      const a: SimAsset = { id, altname, iso, decimals, displayDecimals };
      this.assets.push(a);
      for (const n of [id, altname, iso]) this.assetByName.set(n, a);
    }
    for (const info of pairs) {
      const base = this.assetByName.get(info.baseId);
      const quote = this.assetByName.get(info.quoteId);
      if (!base || !quote) throw new Error(`catalog: pair ${info.pairId} uses an asset missing from the asset table (${info.baseId}/${info.quoteId})`);
      const stable = STABLES.has(base.iso);
      const pair: SimPair = {
        symbol: info.symbol,
        pairId: info.pairId,
        altname: info.altname,
        wsname: info.wsname,
        base,
        quote,
        priceDecimals: info.priceDecimals,
        lotDecimals: info.lotDecimals,
        costDecimals: info.costDecimals,
        ordermin: parseFixed(info.ordermin),
        costmin: parseFixed(info.costmin),
        tickSize: parseFixed(`1e-${info.priceDecimals}`),
        fees: stable ? STABLE_TAKER : STANDARD_TAKER,
        feesMaker: stable ? STABLE_MAKER : STANDARD_MAKER,
        info,
      };
      this.pairs.push(pair);
      // REST accepts pair id and altname; WS v2 only the ISO symbol (v1 wsname is rejected there).
      this.pairByName.set(info.pairId, pair);
      this.pairByName.set(info.altname, pair);
      this.pairBySymbol.set(info.symbol, pair);
    }
  }

  /** REST pair lookup: pair id (XXBTZUSD) or altname (XBTUSD), case-sensitive like Kraken. */
  restPair(name: string): SimPair | undefined {
    return this.pairByName.get(name);
  }

  /** WS v2 lookup: only the v2 symbol (BTC/USD). */
  wsPair(symbol: string): SimPair | undefined {
    return this.pairBySymbol.get(symbol);
  }

  /** Any known spelling (for data files and tests): symbol, pair id, altname, wsname. */
  anyPair(name: string): SimPair | undefined {
    const up = name.toUpperCase();
    return this.pairs.find((p) => [p.symbol, p.pairId, p.altname, p.wsname, p.symbol.replace('/', '')].includes(up));
  }

  /** Asset by REST id, altname or ISO code. */
  asset(name: string): SimAsset | undefined {
    return this.assetByName.get(name) ?? this.assetByName.get(name.toUpperCase());
  }
}
