import { formatFixed, parseFixed, type Fixed } from '../../core/decimal/fixed.ts';
import type { VenueEvent } from '../../core/venue/port.ts';
import type { ExecutionReport } from '../kraken/ws/messages/private-data.ts';
import { executionToEvent } from './order-mapping.ts';

type FillEvent = Extract<VenueEvent, { kind: 'fill' }>;

/** Orders remembered (completed ones are evicted oldest first beyond this). */
const MEMORY = 20_000;

/** What one execution report means: venue events in order, and whether the venue must be asked (REST). */
export interface MappedExecution {
  readonly events: VenueEvent[];
  /** Set when the report shows something this process did not see (a completion with fills missing). */
  readonly reconcile?: string;
}

interface OrderProgress {
  /** Base quantity ordered, when known (kernel order, or `order_qty` of a Kraken report). */
  orderQty: Fixed | undefined;
  /** Base quantity of the fills emitted so far. */
  cumQty: Fixed;
  completed: boolean;
  /** The last fill of an order whose size is unknown (quote-sized), waiting for the next report. */
  held: FillEvent | undefined;
}

/**
 * Turns WS v2 execution reports into kernel venue events, per order, handling how Kraken
 * really reports completion (docs.kraken.com/api/docs/websocket-v2/executions, "exec_type"):
 * - the last fill may arrive as `exec_type: trade` with `order_status: partially_filled`, and the
 *   completion as a separate `exec_type: filled` report without trade fields (the docs' own trade
 *   example shows `partially_filled` with cum_qty equal to order_qty; README 13.5);
 * - so a fill that brings the cumulative quantity to the order quantity is the order's completion,
 *   whatever `order_status` says;
 * - for an order whose base quantity is unknown (quote-sized `cash_order_qty` buys) a
 *   `partially_filled` fill is held until the next report of that order says what it was (a
 *   following `filled` completes it; another fill, a cancel or an expiry leaves it partial);
 * - a `filled` report for an order this process has not seen complete, or a fill whose cum_qty is
 *   above what this process booked, means fills were missed: reconciliation is asked for, and such
 *   a fill is left to reconciliation (which books every fill from TradesHistory in order);
 * - unknown exec_types (kept as "unknown" by the parser) and status-only reports change nothing.
 */
export class ExecutionMapper {
  private readonly orders = new Map<string, OrderProgress>();

  /** Registers what the kernel knows of an order (base quantity; undefined for quote-sized orders). */
  track(clientId: string, orderQty: Fixed | undefined): void {
    const p = this.progress(clientId);
    if (orderQty !== undefined && orderQty > 0n) p.orderQty = orderQty;
  }

  map(r: ExecutionReport, clientId: string): MappedExecution {
    const p = this.progress(clientId);
    if (p.orderQty === undefined && r.order_qty !== undefined && r.cash_order_qty === undefined) p.orderQty = parseFixed(r.order_qty);
    const ev = executionToEvent(r, clientId);
    const events: VenueEvent[] = [];
    if (r.exec_type === 'trade' && ev?.kind === 'fill') {
      if (p.held) events.push(this.release(p, 'partially-filled'));
      const booked = p.cumQty + ev.qty;
      if (r.cum_qty !== undefined && parseFixed(r.cum_qty) > booked) {
        // Kraken's cum_qty says fills came before this one that this process never saw (a lost
        // frame). Booking this one now could complete the order with quantity missing; instead
        // reconciliation books all of them from TradesHistory, in order, by execution id.
        return { events, reconcile: `order ${clientId}: cum_qty ${r.cum_qty} but only ${formatFixed(booked)} seen (fill ${ev.execId})` };
      }
      const reachesQty = p.orderQty !== undefined && booked >= p.orderQty;
      if (ev.orderStatus === 'filled' || reachesQty) {
        p.cumQty += ev.qty;
        p.completed = true;
        events.push({ ...ev, orderStatus: 'filled' });
      } else if (p.orderQty === undefined && !p.completed) {
        p.held = ev; // quote-sized: the next report of this order decides
      } else {
        p.cumQty += ev.qty;
        events.push(ev);
      }
      return { events };
    }
    if (r.exec_type === 'filled') {
      if (p.held) {
        events.push(this.release(p, 'filled'));
        p.completed = true;
        return { events };
      }
      if (p.completed) return { events };
      return { events, reconcile: `order ${clientId} reported filled (cum_qty ${r.cum_qty ?? '?'}) before all its fills were seen` };
    }
    if (p.held) events.push(this.release(p, 'partially-filled'));
    if (ev) events.push(ev);
    if (ev?.kind === 'canceled' || ev?.kind === 'expired') p.completed = true;
    return { events };
  }

  /**
   * Emits held fills as partial (nothing followed them); used before reconciliation. With `now`,
   * only fills stamped more than `minAgeMs` before it: a completion may still be in flight.
   */
  flush(now = Infinity, minAgeMs = 5_000): VenueEvent[] {
    const out: VenueEvent[] = [];
    for (const p of this.orders.values()) if (p.held && !(p.held.time > now - minAgeMs)) out.push(this.release(p, 'partially-filled'));
    return out;
  }

  /** Forgets an order the kernel closed. */
  forget(clientId: string): void {
    const p = this.orders.get(clientId);
    if (p && !p.held) this.orders.delete(clientId);
  }

  private release(p: OrderProgress, status: FillEvent['orderStatus']): FillEvent {
    const ev = p.held!;
    p.held = undefined;
    p.cumQty += ev.qty;
    return { ...ev, orderStatus: status };
  }

  private progress(clientId: string): OrderProgress {
    let p = this.orders.get(clientId);
    if (!p) {
      if (this.orders.size >= MEMORY) this.evictCompleted();
      p = { orderQty: undefined, cumQty: 0n, completed: false, held: undefined };
      this.orders.set(clientId, p);
    }
    return p;
  }

  /** Keeps memory bounded: forgets the oldest completed orders (a late fill of one is then booked as partial). */
  private evictCompleted(): void {
    let n = 0;
    for (const [id, p] of this.orders) {
      if (n >= MEMORY / 10) break;
      if (p.completed && !p.held) {
        this.orders.delete(id);
        n++;
      }
    }
  }
}
