import { formatFixed, fromFloat, mul, parseFixed, roundTo } from '../../core/decimal/fixed.ts';
import { KRAKEN_PAIRS, type KrakenPairInfo } from '../../core/instruments/kraken-pairs.ts';
import { SimCatalog, type SimAsset } from './catalog/catalog.ts';
import type { MarketTrade } from './market/market-trade.ts';
import type { KrakenSimulator } from './simulator.ts';
import { SeededRandom } from './util/seeded-random.ts';

/**
 * A Kraken-sized market for the dashboard and its tests: Kraken lists ~1,400 spot pairs, the
 * static table 14. `syntheticCatalog(n)` keeps the real pairs and adds made-up ones (assets
 * `Q0001`.., quoted in USD, EUR or BTC) up to `n`, with Kraken-like precisions chosen from the
 * price level. `syntheticHistory` gives every synthetic pair a deterministic random-walk history
 * (so tickers have a 24 h change and a volume), `SyntheticMarketDriver` keeps them trading, and
 * `movePair` moves one pair by a given fraction on demand (a test makes a +6 % mover).
 * All numbers are exact decimals at the pair's precision; nothing here touches the wall clock.
 */
const QUOTES = [
  { iso: 'USD', share: 0.6 },
  { iso: 'EUR', share: 0.3 },
  { iso: 'BTC', share: 0.1 },
] as const;

const REAL_SYMBOLS = new Set(KRAKEN_PAIRS.map((p) => p.symbol));

export function isSyntheticSymbol(symbol: string): boolean {
  return !REAL_SYMBOLS.has(symbol);
}

/** Base price of a synthetic pair: log-uniform from 0.0001 to 50,000 USD/EUR; BTC quotes from 0.05 USD up (10 decimals keep 5 digits). */
function basePrice(rng: SeededRandom, quote: string): number {
  return quote === 'BTC' ? 10 ** (-1.3 + rng.next() * 6) / 50_000 : 10 ** (-4 + rng.next() * 8.7);
}

/** Kraken quotes about 5 significant digits: price decimals follow the price level. */
function priceDecimalsFor(price: number): number {
  return Math.min(10, Math.max(1, 4 - Math.floor(Math.log10(price))));
}

export interface SyntheticPair {
  readonly info: KrakenPairInfo;
  readonly startPrice: number;
}

/** The real pairs plus synthetic ones up to `total` pairs; deterministic in `seed`. */
export function syntheticCatalog(total: number, seed = 7): { catalog: SimCatalog; synthetic: SyntheticPair[] } {
  if (!(Number.isInteger(total) && total >= KRAKEN_PAIRS.length && total <= 10_000)) {
    throw new RangeError(`synthetic catalog size must be a whole number from ${KRAKEN_PAIRS.length} to 10000, got ${total}`);
  }
  const rng = new SeededRandom(seed);
  const assets: SimAsset[] = [];
  const synthetic: SyntheticPair[] = [];
  const quoteIds: Record<string, string> = { USD: 'ZUSD', EUR: 'ZEUR', BTC: 'XXBT' };
  for (let i = 1; synthetic.length < total - KRAKEN_PAIRS.length; i++) {
    const iso = `Q${String(i).padStart(4, '0')}`;
    assets.push({ id: iso, altname: iso, iso, decimals: 8, displayDecimals: 4 });
    const r = rng.next();
    const quote = r < QUOTES[0].share ? 'USD' : r < QUOTES[0].share + QUOTES[1].share ? 'EUR' : 'BTC';
    const price = basePrice(rng, quote);
    const priceDecimals = priceDecimalsFor(price);
    const lotDecimals = price > 1000 ? 8 : price > 1 ? 6 : 2;
    const symbol = `${iso}/${quote}`;
    synthetic.push({
      startPrice: price,
      info: {
        symbol,
        pairId: `${iso}${quote}`,
        altname: `${iso}${quote}`,
        wsname: symbol,
        baseId: iso,
        quoteId: quoteIds[quote],
        priceDecimals,
        lotDecimals,
        costDecimals: 8,
        ordermin: lotDecimals === 2 ? '1' : '0.001',
        costmin: quote === 'BTC' ? '0.00002' : '0.5',
      },
    });
  }
  return { catalog: new SimCatalog([...KRAKEN_PAIRS, ...synthetic.map((s) => s.info)], assets), synthetic };
}

function tradeAt(info: KrakenPairInfo, time: number, price: number, qty: number, side: 'buy' | 'sell'): MarketTrade {
  const px = fromFloat(price, info.priceDecimals);
  const minTick = parseFixed(`1e-${info.priceDecimals}`);
  return { symbol: info.symbol, time, price: px > 0n ? px : minTick, qty: fromFloat(Math.max(qty, 10 ** -info.lotDecimals), info.lotDecimals), side, ordType: 'market' };
}

/** Notional of a typical trade in quote units, so quantities look plausible at any price. */
function tradeQty(rng: SeededRandom, price: number, quote: string): number {
  const notional = (quote === 'BTC' ? 0.002 : 100) * (0.2 + rng.next() * 5);
  return notional / price;
}

/**
 * History for the synthetic pairs: one trade every `stepMs` from `from` to `to` (exclusive),
 * a random walk of ±`volatility` per step around each start price. Sorted by time.
 */
export function syntheticHistory(pairs: readonly SyntheticPair[], from: number, to: number, opts: { stepMs?: number; volatility?: number; seed?: number } = {}): MarketTrade[] {
  const stepMs = opts.stepMs ?? 2 * 3_600_000;
  const vol = opts.volatility ?? 0.01;
  const rng = new SeededRandom(opts.seed ?? 11);
  const out: MarketTrade[] = [];
  pairs.forEach((p, i) => {
    let price = p.startPrice;
    const offset = (i * 997) % stepMs; // spread the pairs over the step, not all on one millisecond
    for (let t = from + offset; t < to; t += stepMs) {
      price *= 1 + (rng.next() * 2 - 1) * vol;
      out.push(tradeAt(p.info, t, price, tradeQty(rng, price, p.info.symbol.split('/')[1]), rng.next() < 0.5 ? 'buy' : 'sell'));
    }
  });
  return out.sort((a, b) => a.time - b.time);
}

/** Moves `symbol` by `fraction` (0.06 = +6 %) from its last price with one trade at the simulator's now. Returns the new price text. */
export function movePair(sim: KrakenSimulator, symbol: string, fraction: number): string {
  const market = sim.markets.get(symbol);
  if (!market) throw new Error(`movePair: unknown pair ${symbol}`);
  const last = market.last;
  if (!last) throw new Error(`movePair: ${symbol} has not traded yet`);
  if (!(Number.isFinite(fraction) && fraction > -1)) throw new RangeError(`movePair: fraction must be above -1, got ${fraction}`);
  const pair = market.pair;
  const price = roundTo(mul(last.price, fromFloat(1 + fraction, 8)), pair.priceDecimals, 'half-even');
  sim.injectTrade({ symbol, price, qty: last.qty, side: fraction >= 0 ? 'buy' : 'sell', ordType: 'market' });
  return formatFixed(price, pair.priceDecimals);
}

/**
 * A steady market for one pair: one trade of the same size at the same price every `stepMs` from
 * `from` to `to` (exclusive), so its traded volume per interval is constant (the market watch's
 * volume acceleration stays at x1) until something breaks the pattern (`volumeBurst`).
 */
export function steadyTrades(pair: SyntheticPair, from: number, to: number, stepMs = 5 * 60_000): MarketTrade[] {
  const qty = tradeQty(new SeededRandom(3), pair.startPrice, pair.info.symbol.split('/')[1]);
  const out: MarketTrade[] = [];
  for (let t = from; t < to; t += stepMs) out.push(tradeAt(pair.info, t, pair.startPrice, qty, 'buy'));
  return out;
}

/** One trade of `symbol` at its last price with `factor` times the last trade's size, at the simulator's now: volume, not a price move. */
export function volumeBurst(sim: KrakenSimulator, symbol: string, factor: number): void {
  const last = sim.markets.get(symbol)?.last;
  if (!last) throw new Error(`volumeBurst: ${symbol} is unknown or has not traded yet`);
  if (!(Number.isInteger(factor) && factor >= 1)) throw new RangeError(`volumeBurst: factor must be a whole number >= 1, got ${factor}`);
  sim.injectTrade({ symbol, price: last.price, qty: last.qty * BigInt(factor), side: 'buy', ordType: 'market' });
}

/**
 * Keeps the synthetic pairs trading: each `step(n)` makes `n` pairs (chosen by the seeded random
 * source) trade once at the simulator's current time, a small random-walk step from their last
 * price. The demo calls it on a timer; tests call it directly.
 */
export class SyntheticMarketDriver {
  private readonly rng: SeededRandom;

  constructor(
    private readonly sim: KrakenSimulator,
    private readonly pairs: readonly SyntheticPair[],
    seed = 13,
    private readonly volatility = 0.004,
  ) {
    this.rng = new SeededRandom(seed);
  }

  step(n: number): void {
    for (let i = 0; i < n && this.pairs.length > 0; i++) {
      const p = this.pairs[Math.floor(this.rng.next() * this.pairs.length)];
      const last = this.sim.markets.get(p.info.symbol)?.last;
      const prev = last ? Number(formatFixed(last.price)) : p.startPrice;
      const price = prev * (1 + (this.rng.next() * 2 - 1) * this.volatility);
      this.sim.injectTrade(tradeAt(p.info, this.sim.now(), price, tradeQty(this.rng, price, p.info.symbol.split('/')[1]), this.rng.next() < 0.5 ? 'buy' : 'sell'));
    }
  }
}

