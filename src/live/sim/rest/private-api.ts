import { formatFixed, mul, ZERO, type Fixed } from '../../../core/decimal/fixed.ts';
import type { Account, Permission } from '../account/account.ts';
import type { SimAsset } from '../catalog/catalog.ts';
import { describeOrder } from '../engine/descr.ts';
import { parseRestOrder } from '../engine/order-params.ts';
import { restLedger, restOrder, restTrade } from '../engine/rest-views.ts';
import { KrakenError, type SimOrder } from '../engine/types.ts';
import type { KrakenSimulator } from '../simulator.ts';

type Params = Record<string, unknown>;

export interface PrivateMethod {
  /** Call-counter cost (README 7.1); 0 = handled by the matching-engine limiter instead. */
  cost: 'none' | 'normal' | 'history';
  permission: Permission;
  /** True for order placement: subject to the swallow-response fault. */
  placesOrder?: boolean;
  run: (sim: KrakenSimulator, account: Account, params: Params) => unknown;
}

const truthy = (v: unknown) => v === true || v === 'true' || v === '1';
const PAGE = 50;

/** `.F` (Kraken Rewards) and the read-only `.S`/`.M`/`.B`/`.T` entries, keyed by altname + suffix (`XBT.F`, `USDT.F`), as Balance shows them. */
function variantBalances<T>(account: Account, render: (v: Fixed, decimals: number) => T): Record<string, T> {
  const out: Record<string, T> = {};
  for (const [asset, v] of account.rewards) out[`${asset.altname}.F`] = render(v, asset.decimals);
  for (const [name, v] of account.readOnly) out[name] = render(v, 8);
  return out;
}

function balanceMap(account: Account): Map<SimAsset, Fixed> {
  return new Map([...account.balances].sort(([a], [b]) => a.id.localeCompare(b.id)));
}

/** Applies Kraken's `start`/`end` (Unix time or a txid; start exclusive, end inclusive) and `ofs` paging, newest first. */
function page<T>(items: T[], q: Params, time: (x: T) => number, id: (x: T) => string): { rows: T[]; count: number } {
  const bound = (v: unknown): number | undefined => {
    if (v === undefined || v === '') return undefined;
    const hit = items.find((x) => id(x) === v);
    if (hit) return time(hit);
    const n = Number(v);
    if (!Number.isFinite(n)) throw new KrakenError('EGeneral:Invalid arguments:start');
    return n * 1000;
  };
  const start = bound(q.start);
  const end = bound(q.end);
  // Newest first; equal times keep reverse insertion order (later first).
  const filtered = items
    .filter((x) => (start === undefined || time(x) > start) && (end === undefined || time(x) <= end))
    .reverse()
    .sort((a, b) => time(b) - time(a));
  const ofs = q.ofs !== undefined ? Number(q.ofs) : 0;
  if (!Number.isInteger(ofs) || ofs < 0) throw new KrakenError('EGeneral:Invalid arguments:ofs');
  return { rows: filtered.slice(ofs, ofs + PAGE), count: filtered.length };
}

function orderFilter(q: Params): (o: SimOrder) => boolean {
  const userref = q.userref !== undefined && q.userref !== '' ? Number(q.userref) : undefined;
  const cl = q.cl_ord_id !== undefined && q.cl_ord_id !== '' ? String(q.cl_ord_id) : undefined;
  return (o) => (userref === undefined || o.req.userref === userref) && (cl === undefined || o.req.clOrdId === cl);
}

/** Value of every balance in `target`, via last prices of pairs quoted in it. */
function equivalent(sim: KrakenSimulator, account: Account, target: SimAsset): Fixed {
  let total = ZERO;
  for (const [asset, amount] of account.balances) {
    if (asset === target) total += amount;
    else {
      const pair = sim.catalog.pairs.find((p) => p.base === asset && p.quote === target);
      const last = pair ? sim.markets.get(pair.symbol)?.last?.price : undefined;
      if (last !== undefined) total += mul(amount, last);
    }
  }
  return total;
}

export const PRIVATE_METHODS: Record<string, PrivateMethod> = {
  Balance: {
    cost: 'normal',
    permission: 'query',
    run: (_sim, a) => ({
      ...Object.fromEntries([...balanceMap(a)].map(([asset, v]) => [asset.id, formatFixed(v, asset.decimals)])),
      ...variantBalances(a, (v, d) => formatFixed(v, d)),
    }),
  },

  BalanceEx: {
    cost: 'normal',
    permission: 'query',
    run: (_sim, a) => {
      const holds = a.holds();
      const spot = Object.fromEntries(
        [...balanceMap(a)].map(([asset, v]) => {
          const c = a.credit.get(asset);
          const credit = c ? { credit: formatFixed(c.credit, asset.decimals), credit_used: formatFixed(c.used, asset.decimals) } : {};
          return [asset.id, { balance: formatFixed(v, asset.decimals), hold_trade: formatFixed(holds.get(asset) ?? ZERO, asset.decimals), ...credit }];
        }),
      );
      // Holds sit on the base asset's entry; the .F entry shows its own balance with no hold.
      return { ...spot, ...variantBalances(a, (v, d) => ({ balance: formatFixed(v, d), hold_trade: formatFixed(ZERO, d) })) };
    },
  },

  TradeBalance: {
    cost: 'normal',
    permission: 'query',
    run: (sim, a, q) => {
      const target = sim.catalog.asset(String(q.asset ?? 'ZUSD'));
      if (!target) throw new KrakenError('EQuery:Unknown asset');
      const d = target.decimals;
      const eb = formatFixed(equivalent(sim, a, target), d);
      let uv = ZERO;
      for (const o of a.openOrders()) {
        const px = o.limitPrice ?? o.triggerPrice;
        if (px !== undefined && o.pair.quote === target) uv += mul(o.qty - o.filled, px);
      }
      const zero = formatFixed(ZERO, d);
      return { eb, tb: eb, m: zero, uv: formatFixed(uv, d), n: zero, c: zero, v: zero, e: eb, mf: eb };
    },
  },

  OpenOrders: {
    cost: 'normal',
    permission: 'query',
    run: (_sim, a, q) => ({
      open: Object.fromEntries(a.openOrders().filter(orderFilter(q)).sort((x, y) => y.seq - x.seq).map((o) => [o.id, restOrder(o, truthy(q.trades))])),
    }),
  },

  ClosedOrders: {
    cost: 'normal',
    permission: 'query',
    run: (_sim, a, q) => {
      const closetime = String(q.closetime ?? 'both');
      const closed = [...a.orders.values()].filter((o) => o.status !== 'open' && o.status !== 'pending').filter(orderFilter(q));
      const when = (o: SimOrder) => (closetime === 'open' ? o.openTime : o.closeTime ?? o.openTime);
      const { rows, count } = page(closed, q, when, (o) => o.id);
      const out: Record<string, unknown> = { closed: Object.fromEntries(rows.map((o) => [o.id, restOrder(o, truthy(q.trades))])) };
      if (!truthy(q.without_count)) out.count = count;
      return out;
    },
  },

  QueryOrders: {
    cost: 'normal',
    permission: 'query',
    run: (_sim, a, q) => {
      if (q.txid === undefined || q.txid === '') throw new KrakenError('EGeneral:Invalid arguments:txid');
      const ids = String(q.txid).split(',').map((s) => s.trim());
      if (ids.length > 50) throw new KrakenError('EGeneral:Invalid arguments:txid');
      const out: Record<string, unknown> = {};
      for (const id of ids) {
        const o = a.orders.get(id);
        if (!o) throw new KrakenError('EOrder:Unknown order');
        if (orderFilter(q)(o)) out[id] = restOrder(o, truthy(q.trades));
      }
      return out;
    },
  },

  TradesHistory: {
    cost: 'history',
    permission: 'query',
    run: (_sim, a, q) => {
      const type = String(q.type ?? 'all');
      if (!['all', 'any position', 'closed position', 'closing position', 'no position'].includes(type)) throw new KrakenError('EGeneral:Invalid arguments:type');
      const trades = type === 'all' || type === 'no position' ? a.trades : [];
      const { rows, count } = page(trades, q, (t) => t.time, (t) => t.id);
      const out: Record<string, unknown> = { trades: Object.fromEntries(rows.map((t) => [t.id, restTrade(t, truthy(q.ledgers))])) };
      if (!truthy(q.without_count)) out.count = count;
      return out;
    },
  },

  Ledgers: {
    cost: 'history',
    permission: 'ledger',
    run: (sim, a, q) => {
      let entries = a.ledger;
      if (q.asset !== undefined && q.asset !== '' && q.asset !== 'all') {
        const assets = String(q.asset).split(',').map((n) => {
          const asset = sim.catalog.asset(n.trim());
          if (!asset) throw new KrakenError('EQuery:Unknown asset');
          return asset;
        });
        entries = entries.filter((e) => assets.includes(e.asset));
      }
      const type = String(q.type ?? 'all');
      if (type !== 'all') entries = entries.filter((e) => e.type === type);
      const { rows, count } = page(entries, q, (e) => e.time, (e) => e.id);
      const out: Record<string, unknown> = { ledger: Object.fromEntries(rows.map((e) => [e.id, restLedger(e)])) };
      if (!truthy(q.without_count)) out.count = count;
      return out;
    },
  },

  AddOrder: {
    cost: 'none',
    permission: 'trade',
    placesOrder: true,
    run: (sim, a, q) => {
      const req = parseRestOrder(q, { catalog: sim.catalog, nowMs: sim.now(), lastPrice: (p) => sim.markets.get(p.symbol)?.last?.price });
      const order = sim.engine.addOrder(a, req);
      const descr = { order: describeOrder(req) };
      return order ? { descr, txid: [order.id] } : { descr };
    },
  },

  CancelOrder: {
    cost: 'none',
    permission: 'trade',
    run: (sim, a, q) => {
      let targets: SimOrder[];
      const open = a.openOrders();
      if (q.cl_ord_id !== undefined && q.cl_ord_id !== '') targets = open.filter((o) => o.req.clOrdId === String(q.cl_ord_id));
      else if (q.txid === undefined || q.txid === '') throw new KrakenError('EGeneral:Invalid arguments:txid');
      else if (/^-?\d+$/.test(String(q.txid))) targets = open.filter((o) => o.req.userref === Number(q.txid));
      else {
        const o = a.orders.get(String(q.txid));
        targets = o ? [o] : [];
      }
      if (!targets.length) throw new KrakenError('EOrder:Unknown order');
      for (const o of targets) sim.engine.cancel(a, o);
      return { count: targets.length };
    },
  },

  CancelAll: {
    cost: 'normal',
    permission: 'trade',
    run: (sim, a) => ({ count: sim.engine.cancelAll(a) }),
  },

  CancelAllOrdersAfter: {
    cost: 'normal',
    permission: 'trade',
    run: (sim, a, q) => {
      if (q.timeout === undefined || q.timeout === '') throw new KrakenError('EGeneral:Invalid arguments:timeout');
      return sim.cancelAllOrdersAfter(a, Number(q.timeout));
    },
  },

  GetWebSocketsToken: {
    cost: 'normal',
    permission: 'websocket',
    run: (sim, a) => ({ token: sim.issueToken(a.key), expires: sim.options.tokenTtlSec ?? 900 }),
  },

  TradeVolume: {
    cost: 'normal',
    permission: 'query',
    run: (sim, a, q) => {
      const pct = (rate: Fixed) => formatFixed(rate * 100n, 4);
      const tier = (rate: Fixed) => ({ fee: pct(rate), min_fee: pct(rate), max_fee: pct(rate), next_fee: null, tier_volume: '0.0000', next_volume: null });
      const pairs = q.pair ? String(q.pair).split(',').map((n) => sim.catalog.restPair(n.trim())) : [];
      if (pairs.some((p) => !p)) throw new KrakenError('EQuery:Unknown asset pair');
      return {
        currency: 'ZUSD',
        volume: '0.0000',
        fees: Object.fromEntries(pairs.map((p) => [p?.pairId, tier(a.takerRate)])),
        fees_maker: Object.fromEntries(pairs.map((p) => [p?.pairId, tier(a.makerRate)])),
      };
    },
  },
};
