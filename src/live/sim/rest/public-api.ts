import { formatFixed } from '../../../core/decimal/fixed.ts';
import type { SimPair } from '../catalog/catalog.ts';
import { KrakenError } from '../engine/types.ts';
import type { KrakenSimulator } from '../simulator.ts';
import { rfc1123Kraken, rfc3339Seconds } from '../util/time-format.ts';
import { ohlcPage, tradesPage } from './market-data-api.ts';

type Params = Record<string, unknown>;
export type Handler = (sim: KrakenSimulator, params: Params) => unknown;

function pairsParam(sim: KrakenSimulator, v: unknown, required: boolean): SimPair[] {
  if (v === undefined || v === '') {
    if (required) throw new KrakenError('EGeneral:Invalid arguments:pair');
    return sim.catalog.pairs;
  }
  return String(v)
    .split(',')
    .map((name) => {
      const p = sim.catalog.restPair(name.trim());
      if (!p) throw new KrakenError('EQuery:Unknown asset pair');
      return p;
    });
}

function onePair(sim: KrakenSimulator, v: unknown): SimPair {
  const pairs = pairsParam(sim, v, true);
  if (pairs.length !== 1) throw new KrakenError('EGeneral:Invalid arguments:pair');
  return pairs[0];
}

function intParam(v: unknown, field: string, dflt: number, min: number, max: number): number {
  if (v === undefined || v === '') return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new KrakenError(`EGeneral:Invalid arguments:${field}`);
  return n;
}

function assetPairInfo(p: SimPair, info: string): Record<string, unknown> {
  const full: Record<string, unknown> = {
    altname: p.altname,
    wsname: p.wsname,
    aclass_base: 'currency',
    base: p.base.id,
    aclass_quote: 'currency',
    quote: p.quote.id,
    lot: 'unit',
    cost_decimals: p.costDecimals,
    pair_decimals: p.priceDecimals,
    lot_decimals: p.lotDecimals,
    lot_multiplier: 1,
    leverage_buy: [],
    leverage_sell: [],
    fees: p.fees.map((f) => [...f]),
    fees_maker: p.feesMaker.map((f) => [...f]),
    fee_volume_currency: 'ZUSD',
    margin_call: 80,
    margin_stop: 40,
    ordermin: formatFixed(p.ordermin),
    costmin: formatFixed(p.costmin),
    tick_size: formatFixed(p.tickSize),
    status: 'online',
    long_position_limit: 0, // no margin trading in the simulator
    short_position_limit: 0,
  };
  if (info === 'leverage') return { leverage_buy: full.leverage_buy, leverage_sell: full.leverage_sell };
  if (info === 'fees') return { fees: full.fees, fees_maker: full.fees_maker, fee_volume_currency: 'ZUSD' };
  if (info === 'margin') return { margin_call: 80, margin_stop: 40 };
  return full;
}

export const PUBLIC_METHODS: Record<string, Handler> = {
  Time: (sim) => ({ unixtime: Math.floor(sim.now() / 1000), rfc1123: rfc1123Kraken(sim.now()) }),

  SystemStatus: (sim) => ({ status: sim.systemStatus(), timestamp: rfc3339Seconds(sim.now()) }),

  Assets: (sim, q) => {
    const wanted = q.asset ? String(q.asset).split(',').map((s) => s.trim()) : undefined;
    if (q.aclass !== undefined && q.aclass !== 'currency') return {};
    const assets = wanted
      ? wanted.map((n) => {
          const a = sim.catalog.assets.find((x) => x.id === n || x.altname === n);
          if (!a) throw new KrakenError('EQuery:Unknown asset');
          return a;
        })
      : sim.catalog.assets;
    return Object.fromEntries(
      assets.map((a) => [a.id, { aclass: 'currency', altname: a.altname, decimals: a.decimals, display_decimals: a.displayDecimals, collateral_value: 1, status: 'enabled' }]),
    );
  },

  AssetPairs: (sim, q) => {
    const info = String(q.info ?? 'info');
    if (!['info', 'leverage', 'fees', 'margin'].includes(info)) throw new KrakenError('EGeneral:Invalid arguments:info');
    return Object.fromEntries(pairsParam(sim, q.pair, false).map((p) => [p.pairId, assetPairInfo(p, info)]));
  },

  Ticker: (sim, q) => {
    const out: Record<string, unknown> = {};
    for (const p of pairsParam(sim, q.pair, false)) {
      const m = sim.markets.get(p.symbol);
      const t = m?.ticker(sim.now());
      if (!m || !t) continue; // no data replayed for this pair yet
      const px = (v: bigint) => formatFixed(v, p.priceDecimals);
      const lv = (v: bigint) => formatFixed(v, p.lotDecimals);
      const side = (l: { price: bigint; qty: bigint } | undefined) =>
        l ? [px(l.price), (l.qty / 10n ** 18n).toString(), formatFixed(l.qty, 3)] : [px(t.last), '0', '0.000'];
      out[p.pairId] = {
        a: side(m.book.asks[0]),
        b: side(m.book.bids[0]),
        c: [px(t.last), lv(t.lastQty)],
        v: [lv(t.volumeToday), lv(t.volume24h)],
        p: [px(t.vwapToday), px(t.vwap24h)],
        t: [t.tradesToday, t.trades24h],
        l: [px(t.lowToday), px(t.low24h)],
        h: [px(t.highToday), px(t.high24h)],
        o: px(t.open),
      };
    }
    return out;
  },

  // Full-history OHLC and Trades as Kraken documents them: rest/market-data-api.ts.
  OHLC: (sim, q) => ohlcPage(sim, onePair(sim, q.pair), q),

  Depth: (sim, q) => {
    const p = onePair(sim, q.pair);
    const count = intParam(q.count, 'count', 100, 1, 500);
    const book = sim.markets.get(p.symbol)?.book;
    const rows = (levels: { price: bigint; qty: bigint }[]) =>
      levels.slice(0, count).map((l) => [formatFixed(l.price, p.priceDecimals), formatFixed(l.qty, p.lotDecimals), Math.floor((book?.levelTime(l.price) ?? 0) / 1000)]);
    return { [p.pairId]: { asks: rows(book?.asks ?? []), bids: rows(book?.bids ?? []) } };
  },

  Trades: (sim, q) => tradesPage(sim, onePair(sim, q.pair), q, intParam(q.count, 'count', 1000, 1, 1000)),
};

