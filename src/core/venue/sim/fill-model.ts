import type { Bar } from '../../market/bar.ts';
import type { Liquidity } from '../../orders/order.ts';
import { toNumber } from '../../decimal/fixed.ts';
import type { SimOrder } from './sim-order.ts';

/** Where on a candle's path an order fills, at what price and as maker or taker. */
export interface FillDecision {
  /** Position along the candle's path: 0 = at the open, 3 = at the close; orders fill in this order. */
  readonly pos: number;
  readonly price: number;
  readonly liquidity: Liquidity;
}

/** Decides whether an eligible order fills on a candle. May advance trigger/trailing state. */
export interface FillModel {
  evaluate(o: SimOrder, bar: Bar): FillDecision | null;
}

export type TouchRule = 'touch' | 'through';

/**
 * The default fill model: the price inside a candle is assumed to travel open -> low -> high
 * -> close when the candle closed at or above its open, and open -> high -> low -> close when
 * it closed below. Every trigger and limit is checked along that path, so a stop and a
 * take-profit in one candle, or a trailing stop that ratchets then triggers, resolve in one
 * documented way. Gaps happen only at the open. See docs/fill-assumptions.md.
 */
export class OhlcPathFillModel implements FillModel {
  private readonly p = new Float64Array(4);

  /** `touch`: a limit at P fills when the path reaches P. `through`: the path must pass beyond P. */
  constructor(readonly touchRule: TouchRule = 'touch') {}

  evaluate(o: SimOrder, bar: Bar): FillDecision | null {
    const p = this.p;
    p[0] = bar.open;
    if (bar.close >= bar.open) {
      p[1] = bar.low;
      p[2] = bar.high;
    } else {
      p[1] = bar.high;
      p[2] = bar.low;
    }
    p[3] = bar.close;
    const ord = o.order;
    const buy = ord.side === 'buy';
    switch (ord.type) {
      case 'market':
        return { pos: 0, price: bar.open, liquidity: 'taker' };
      case 'limit':
        return this.limit(o, num(ord.limitPrice), buy, 0);
      case 'stop-loss':
      case 'take-profit': {
        if (o.triggered) return { pos: 0, price: bar.open, liquidity: 'taker' };
        const t = this.trigger(o, bar);
        if (!t) return null;
        o.triggered = true;
        return { pos: t.pos, price: t.price, liquidity: 'taker' };
      }
      case 'stop-loss-limit':
      case 'take-profit-limit': {
        const limit = num(ord.limitPrice);
        if (o.triggered) return this.limit(o, limit, buy, 0, false);
        const t = this.trigger(o, bar);
        if (!t) return null;
        o.triggered = true;
        // Once triggered it is a limit order: marketable at the trigger price, or resting from there on.
        const marketable = buy ? t.price <= limit : t.price >= limit;
        if (marketable) return { pos: t.pos, price: t.price, liquidity: 'taker' };
        return this.restingLimit(limit, buy, t.pos);
      }
      case 'trailing-stop':
        return this.trailing(o, bar);
    }
  }

  /** Stop-loss sells and take-profit buys trigger on the way down; the others on the way up. */
  private trigger(o: SimOrder, bar: Bar): { pos: number; price: number } | null {
    const ord = o.order;
    const level = num(ord.triggerPrice);
    const stop = ord.type === 'stop-loss' || ord.type === 'stop-loss-limit';
    const down = (ord.side === 'sell') === stop;
    if (down ? bar.open <= level : bar.open >= level) return { pos: 0, price: bar.open };
    const pos = this.firstTouch(level, down, 0, false);
    return pos < 0 ? null : { pos, price: level };
  }

  private limit(o: SimOrder, limit: number, buy: boolean, from: number, allowArrivalCross = true): FillDecision | null {
    const open = this.p[0];
    const crossesAtOpen = buy ? open <= limit : open >= limit;
    if (allowArrivalCross && o.firstBar && (o.marketableAtArrival || o.order.timeInForce === 'ioc')) {
      // It arrived crossing the market (or is IOC): it takes at the open if still marketable.
      if (crossesAtOpen) return { pos: 0, price: open, liquidity: 'taker' };
      if (o.order.timeInForce === 'ioc') return null;
    }
    return this.restingLimit(limit, buy, from);
  }

  /** A resting limit fills at its own price when the path reaches it (we were the best bid/ask). */
  private restingLimit(limit: number, buy: boolean, from: number): FillDecision | null {
    const pos = this.firstTouch(limit, buy, from, this.touchRule === 'through');
    return pos < 0 ? null : { pos, price: limit, liquidity: 'maker' };
  }

  private trailing(o: SimOrder, bar: Bar): FillDecision | null {
    if (o.triggered) return { pos: 0, price: bar.open, liquidity: 'taker' };
    const ord = o.order;
    const sell = ord.side === 'sell';
    const offset = num(ord.trailOffset);
    const stopOf = (ext: number) =>
      ord.trailIsPercent ? (sell ? ext * (1 - offset) : ext * (1 + offset)) : sell ? ext - offset : ext + offset;
    const p = this.p;
    // The open: ratchet first (the order was working when that price printed), then test.
    if (sell ? p[0] > o.extreme : p[0] < o.extreme) o.extreme = p[0];
    if (sell ? p[0] <= stopOf(o.extreme) : p[0] >= stopOf(o.extreme)) {
      o.triggered = true;
      return { pos: 0, price: p[0], liquidity: 'taker' };
    }
    for (let k = 0; k < 3; k++) {
      const a = p[k];
      const b = p[k + 1];
      const favourable = sell ? b > a : b < a;
      if (favourable) {
        o.extreme = sell ? Math.max(o.extreme, b) : Math.min(o.extreme, b);
        continue;
      }
      const stop = stopOf(o.extreme);
      if (sell ? b <= stop : b >= stop) {
        o.triggered = true;
        const frac = a === b ? 0 : (a - stop) / (a - b);
        return { pos: k + frac, price: stop, liquidity: 'taker' };
      }
    }
    return null;
  }

  /**
   * First position >= from where the path reaches `level` going down (`down`) or up.
   * With `strict` the path must go beyond the level. Returns -1 if it never does.
   */
  private firstTouch(level: number, down: boolean, from: number, strict: boolean): number {
    const p = this.p;
    const hit = (x: number) => (down ? (strict ? x < level : x <= level) : strict ? x > level : x >= level);
    const k0 = Math.min(2, Math.floor(from));
    const start = k0 === from ? p[k0] : p[k0] + (p[k0 + 1] - p[k0]) * (from - k0);
    if (hit(start)) return from;
    for (let k = k0; k < 3; k++) {
      const a = k === k0 ? start : p[k];
      const b = p[k + 1];
      if (hit(b)) {
        const frac0 = a === b ? 0 : (a - level) / (a - b);
        const base = k === k0 ? from : k;
        const span = k === k0 ? k + 1 - from : 1;
        return base + Math.max(0, Math.min(1, frac0)) * span;
      }
    }
    return -1;
  }
}

function num(x: bigint | undefined): number {
  if (x === undefined) throw new Error('order is missing a price the fill model needs');
  return toNumber(x);
}
