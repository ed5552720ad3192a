import { fromFloat, type Fixed } from '../decimal/fixed.ts';
import type { Bar } from '../market/bar.ts';
import type { Order } from '../orders/order.ts';
import type { Strategy, StrategyContext } from '../strategy/strategy.ts';

export interface RepositionRule {
  /** Replace a resting limit order older than this (ms of event time). */
  readonly maxAgeMs?: number;
  /** Replace it when its limit is further than this fraction from the last close. */
  readonly maxDistance?: number;
}

interface Replacement {
  readonly pair: string;
  readonly side: 'buy' | 'sell';
  readonly qty: Fixed;
  readonly postOnly: boolean;
}

/**
 * Wraps a strategy with the live repositioner: after each candle, a resting limit order of
 * that pair left unfilled past the age limit, or priced too far from the close, is canceled;
 * once the venue confirms the cancel, its unfilled rest is placed again at the last close
 * (tag "reposition"). It runs inside the kernel on event time, so a replay repositions the same.
 */
export function withRepositioner(inner: Strategy, rule: RepositionRule): Strategy {
  const pending = new Map<string, Replacement>();
  const wrapper: Strategy = {
    name: inner.name,
    checks: inner.checks,
    onStart: inner.onStart?.bind(inner),
    onStop: inner.onStop?.bind(inner),
    onTimer: inner.onTimer?.bind(inner),
    onFill: inner.onFill?.bind(inner),
    onCandle(ctx: StrategyContext, bar: Bar) {
      inner.onCandle?.(ctx, bar);
      const now = ctx.now();
      for (const o of ctx.openOrders(bar.symbol)) {
        if (o.type !== 'limit' || o.limitPrice === undefined || pending.has(o.clientId)) continue;
        if (o.status !== 'open' && o.status !== 'partially-filled') continue;
        const limit = Number(o.limitPrice) / 1e18;
        const tooOld = rule.maxAgeMs !== undefined && now - o.createdAt > rule.maxAgeMs;
        const tooFar = rule.maxDistance !== undefined && Math.abs(limit - bar.close) / bar.close > rule.maxDistance;
        if (!tooOld && !tooFar) continue;
        pending.set(o.clientId, { pair: o.pair, side: o.side, qty: o.qty - o.filledQty, postOnly: o.postOnly });
        ctx.log('reposition: canceling stale limit order', { clientId: o.clientId, reason: tooOld ? 'age' : 'distance' });
        ctx.cancel(o.clientId);
      }
    },
    onOrderUpdate(ctx: StrategyContext, order: Order) {
      inner.onOrderUpdate?.(ctx, order);
      const r = pending.get(order.clientId);
      if (!r) return;
      if (order.status !== 'canceled' && order.status !== 'filled' && order.status !== 'expired' && order.status !== 'rejected') return;
      pending.delete(order.clientId);
      const left = order.qty - order.filledQty;
      if (order.status !== 'canceled' || left <= 0n) return;
      const last = ctx.lastPrice(r.pair);
      if (!Number.isFinite(last)) return;
      const price = ctx.roundPrice(r.pair, fromFloat(last, 10), r.side === 'buy' ? 'down' : 'up');
      const qty = left < r.qty ? left : r.qty;
      ctx.submit({ pair: r.pair, side: r.side, type: 'limit', qty, limitPrice: price, postOnly: r.postOnly, tag: 'reposition' });
    },
    snapshot: () => ({ inner: inner.snapshot?.() ?? null, pending: [...pending].map(([id, r]) => [id, { ...r, qty: r.qty.toString() }]) }),
    restore: (state: unknown) => {
      const s = state as { inner: unknown; pending: [string, Replacement & { qty: string }][] };
      if (s.inner !== null) inner.restore?.(s.inner);
      pending.clear();
      for (const [id, r] of s.pending) pending.set(id, { ...r, qty: BigInt(r.qty) });
    },
  };
  return wrapper;
}
