import { roundTo, ZERO, type RoundingMode } from '../decimal/fixed.ts';
import type { StrategyContext } from '../strategy/strategy.ts';
import type { VenueHost } from '../venue/port.ts';
import type { KernelCore } from './kernel-core.ts';
import { cancelAllOrders, cancelOrder, submitOrder } from './order-path.ts';
import { handleVenueEvent } from './venue-events.ts';

/** What the kernel offers the venue plugged into it (clock, scheduling, event delivery, buying power). */
export function makeVenueHost(k: KernelCore): VenueHost {
  return {
    now: () => k.clock,
    schedule: (time, timer) => k.schedule(time, { kind: 'venue', timer }),
    emit: (ev) => handleVenueEvent(k, ev),
    get random() {
      return k.random; // a getter: restore() replaces the generator
    },
    instrument: (p) => k.instruments[p],
    lastPrice: (p) => k.lastPx[p],
    buyingPower: (clientId) => {
      const o = k.orders.get(clientId);
      if (!o) return ZERO;
      return k.available(k.instruments[o.pairIndex].quote) + k.holds.of(clientId);
    },
  };
}

/** Everything a strategy may see and do, bound to one kernel. */
export function makeStrategyContext(k: KernelCore): StrategyContext {
  return {
    now: () => k.clock,
    runEnd: () => k.opts.runEnd,
    instruments: () => k.instruments,
    instrument: (pair) => k.instruments[k.indexOf(pair)],
    balance: (asset) => k.ledger.balance(asset),
    available: (asset) => k.available(asset),
    position: (pair) => k.ledger.position(k.instruments[k.indexOf(pair)].base),
    openOrders: (pair) => k.openOrderList(pair),
    order: (id) => k.orders.get(id),
    lastPrice: (pair) => k.lastPx[k.indexOf(pair)],
    equity: () => k.equityF,
    submit: (req) => submitOrder(k, req),
    cancel: (id) => cancelOrder(k, id),
    cancelAll: (pair) => cancelAllOrders(k, pair),
    setTimer: (time, tag) => {
      const id = ++k.timerCounter;
      k.schedule(time, { kind: 'timer', id, tag });
      return id;
    },
    cancelTimer: (id) => k.queue.removeWhere((it) => it.kind === 'timer' && it.id === id),
    random: () => k.random.next(),
    tradingMode: () => k.risk.mode(),
    roundQty: (pair, qty, mode: RoundingMode = 'down') => roundTo(qty, k.instruments[k.indexOf(pair)].lotDecimals, mode),
    roundPrice: (pair, price, mode: RoundingMode = 'half-even') => roundTo(price, k.instruments[k.indexOf(pair)].priceDecimals, mode),
    feeRate: (liq) => k.feeRate(liq),
    record: (series, value) => k.opts.onRecord?.(k.clock, series, value),
    log: (message, fields) => k.opts.onLog?.(k.clock, message, fields),
  };
}
