/**
 * The kernel's side of the session test, reduced to what it checks: orders and their states
 * (terminal states stay terminal, a fill is booked once by execution id, late fills count) and
 * an exact ledger of every asset, booked the way the kernel books fills (Kraken's cost when
 * reported, else qty x price; the fee on its asset).
 */
import { formatFixed, mulExact, type Fixed } from '../../../src/core/decimal/fixed.ts';
import type { VenueEvent, VenueOrder } from '../../../src/core/venue/port.ts';

type Status = 'pending-new' | 'unknown' | 'open' | 'partially-filled' | 'filled' | 'canceled' | 'expired' | 'rejected';
const TERMINAL = new Set<Status>(['filled', 'canceled', 'expired', 'rejected']);

export class SessionBook {
  readonly orders = new Map<string, { order: VenueOrder; status: Status; filled: Fixed }>();
  readonly balances = new Map<string, Fixed>();
  private readonly booked = new Set<string>();
  fills = 0;

  constructor(initial: Record<string, Fixed>) {
    for (const [a, v] of Object.entries(initial)) this.balances.set(a, v);
  }

  add(order: VenueOrder): void {
    this.orders.set(order.clientId, { order, status: 'pending-new', filled: 0n });
  }

  open(): { clientId: string; status: string; pair: string }[] {
    return [...this.orders.values()].filter((o) => !TERMINAL.has(o.status)).map((o) => ({ clientId: o.order.clientId, status: o.status, pair: o.order.pair }));
  }

  count(pred: (s: Status) => boolean): number {
    return [...this.orders.values()].filter((o) => pred(o.status)).length;
  }

  /** The venue's emit: true when the event was new. */
  apply(ev: VenueEvent): boolean {
    const o = this.orders.get(ev.clientId);
    if (!o) return false;
    switch (ev.kind) {
      case 'accepted':
        if (o.status !== 'pending-new' && o.status !== 'unknown') return false;
        o.status = 'open';
        return true;
      case 'unknown':
        if (o.status !== 'pending-new') return false;
        o.status = 'unknown';
        return true;
      case 'fill': {
        if (this.booked.has(ev.execId)) return false;
        this.booked.add(ev.execId);
        this.fills++;
        const [base, quote] = o.order.pair.split('/');
        const cost = ev.cost ?? mulExact(ev.qty, ev.price);
        const sign = o.order.side === 'buy' ? 1n : -1n;
        this.move(base, sign * ev.qty);
        this.move(quote, -sign * cost);
        this.move(ev.feeAsset, -ev.fee);
        o.filled += ev.qty;
        if (!TERMINAL.has(o.status)) o.status = ev.orderStatus;
        return true;
      }
      case 'canceled':
      case 'expired':
      case 'rejected':
        if (TERMINAL.has(o.status)) return false;
        o.status = ev.kind;
        return true;
      default:
        return false;
    }
  }

  balance(asset: string): string {
    return formatFixed(this.balances.get(asset) ?? 0n);
  }

  private move(asset: string, delta: Fixed): void {
    this.balances.set(asset, (this.balances.get(asset) ?? 0n) + delta);
  }
}
