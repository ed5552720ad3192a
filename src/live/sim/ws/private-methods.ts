import type { Account } from '../account/account.ts';
import { parseWsOrder } from '../engine/order-params.ts';
import { KrakenError, type OrderRequest, type SimOrder } from '../engine/types.ts';
import type { KrakenSimulator } from '../simulator.ts';
import { parseFixed } from '../../../core/decimal/fixed.ts';

/**
 * WS v2 trading methods (README 10.6). Each returns the list of response payloads to send
 * (`{result}` or `{error}`); cancel_order answers once per cancelled order, the others once.
 */
export type MethodReply = { result?: unknown; error?: string };

type Params = Record<string, unknown>;

function ctx(sim: KrakenSimulator) {
  return { catalog: sim.catalog, nowMs: sim.now(), lastPrice: (p: { symbol: string }) => sim.markets.get(p.symbol)?.last?.price };
}

function idsOf(req: OrderRequest, orderId: string | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (orderId !== undefined) out.order_id = orderId;
  if (req.clOrdId !== undefined) out.cl_ord_id = req.clOrdId;
  if (req.userref !== undefined) out.order_userref = req.userref;
  return out;
}

function findOrder(account: Account, p: Params): SimOrder {
  const o =
    typeof p.order_id === 'string'
      ? account.orders.get(p.order_id)
      : typeof p.cl_ord_id === 'string'
        ? account.openOrders().find((x) => x.req.clOrdId === p.cl_ord_id)
        : undefined;
  if (!o || o.status !== 'open') throw new KrakenError('EOrder:Unknown order');
  return o;
}

function wsDecimal(field: string, v: unknown) {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new KrakenError(`${field[0].toUpperCase()}${field.slice(1)} field must be a number_float`);
  return parseFixed(String(v));
}

export const TRADING_METHODS: Record<string, (sim: KrakenSimulator, account: Account, p: Params) => MethodReply[]> = {
  add_order: (sim, account, p) => {
    const req = parseWsOrder(p, ctx(sim));
    const order = sim.engine.addOrder(account, req);
    return [{ result: idsOf(req, order?.id) }];
  },

  batch_add: (sim, account, p) => {
    const orders = p.orders;
    if (!Array.isArray(orders) || orders.length < 2 || orders.length > 15) throw new KrakenError('EGeneral:Invalid arguments:orders');
    if (typeof p.symbol !== 'string') throw new KrakenError('EGeneral:Invalid arguments:symbol');
    // The whole batch is validated first: one malformed order rejects all of them.
    const reqs = orders.map((o) => parseWsOrder({ ...(o as Params), validate: p.validate === true }, ctx(sim), p.symbol as string));
    const results = reqs.map((req) => {
      try {
        const order = sim.engine.addOrder(account, req);
        return idsOf(req, order?.id);
      } catch (e) {
        if (e instanceof KrakenError) return { ...idsOf(req, undefined), error: e.krakenError };
        throw e;
      }
    });
    return [{ result: results }];
  },

  amend_order: (sim, account, p) => {
    const order = findOrder(account, p);
    const change = {
      qty: p.order_qty !== undefined ? wsDecimal('order_qty', p.order_qty) : undefined,
      limitPrice: p.limit_price !== undefined ? wsDecimal('limit_price', p.limit_price) : undefined,
      triggerPrice: p.trigger_price !== undefined ? wsDecimal('trigger_price', p.trigger_price) : undefined,
      postOnly: p.post_only === true,
    };
    if (change.qty !== undefined && change.qty < order.pair.ordermin) throw new KrakenError('EOrder:Order minimum not met');
    sim.engine.amend(account, order, change);
    const result: Record<string, unknown> = { amend_id: sim.ids.next('T') };
    if (typeof p.order_id === 'string') result.order_id = p.order_id;
    else result.cl_ord_id = p.cl_ord_id;
    return [{ result }];
  },

  cancel_order: (sim, account, p) => {
    const replies: MethodReply[] = [];
    const list = (v: unknown) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
    const open = account.openOrders();
    for (const id of list(p.order_id)) {
      const o = account.orders.get(String(id));
      if (!o || o.status !== 'open') replies.push({ error: 'EOrder:Unknown order' });
      else {
        sim.engine.cancel(account, o);
        replies.push({ result: { order_id: o.id } });
      }
    }
    for (const cl of list(p.cl_ord_id)) {
      const o = open.find((x) => x.req.clOrdId === cl && x.status === 'open');
      if (!o) replies.push({ error: 'EOrder:Unknown order' });
      else {
        sim.engine.cancel(account, o);
        replies.push({ result: { order_id: o.id, cl_ord_id: cl } });
      }
    }
    for (const ref of list(p.order_userref)) {
      const hits = open.filter((x) => x.req.userref === Number(ref) && x.status === 'open');
      if (!hits.length) replies.push({ error: 'EOrder:Unknown order' });
      for (const o of hits) {
        sim.engine.cancel(account, o);
        replies.push({ result: { order_id: o.id } });
      }
    }
    if (!replies.length) throw new KrakenError('EGeneral:Invalid arguments:order_id');
    return replies;
  },

  cancel_all: (sim, account) => [{ result: { count: sim.engine.cancelAll(account) } }],

  cancel_all_orders_after: (sim, account, p) => {
    if (typeof p.timeout !== 'number') throw new KrakenError('Timeout field must be a number_int');
    return [{ result: sim.cancelAllOrdersAfter(account, p.timeout) }];
  },
};
