import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseFixed } from '../../../src/core/decimal/fixed.ts';
import { defaultSymbols } from '../../../src/core/instruments/symbols.ts';
import { Kernel } from '../../../src/core/kernel/kernel.ts';
import { canTransition, IllegalTransitionError, nextStatus } from '../../../src/core/orders/order-state.ts';
import type { OrderStatus } from '../../../src/core/orders/order.ts';
import type { Strategy } from '../../../src/core/strategy/strategy.ts';
import { ManualVenue } from '../../helpers/manual-venue.ts';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 2000);

/** The lifecycle as the issue states it, written independently of the implementation's table. */
function specAllows(from: OrderStatus, to: OrderStatus): boolean {
  const terminal = new Set<OrderStatus>(['filled', 'canceled', 'rejected', 'expired']);
  const is = (x: OrderStatus, ...names: OrderStatus[]) => names.includes(x);
  if (terminal.has(from) || is(to, 'pending-new')) return false;
  if (is(from, 'pending-new', 'unknown')) return from !== to;
  // A working order is never rejected, un-acknowledged or re-opened later.
  if (is(to, 'rejected', 'unknown', 'open')) return false;
  return true; // open | partially-filled -> partially-filled | filled | canceled | expired
}

const STATUSES: OrderStatus[] = ['pending-new', 'open', 'partially-filled', 'filled', 'canceled', 'rejected', 'expired', 'unknown'];

describe('order state machine', () => {
  it('the transition table equals the specified lifecycle, pair by pair', () => {
    for (const from of STATUSES) for (const to of STATUSES) expect(canTransition(from, to), `${from} -> ${to}`).toBe(specAllows(from, to));
  });

  it('illegal transitions throw, they are not ignored', () => {
    expect(() => nextStatus('x', 'filled', 'open')).toThrow(IllegalTransitionError);
    expect(() => nextStatus('x', 'canceled', 'partially-filled')).toThrow(/illegal transition canceled -> partially-filled/);
  });

  // Model-based: random venue reports against one order in a real kernel; the model predicts status,
  // filled quantity and whether the kernel must refuse the report.
  type Model = { status: OrderStatus; filled: bigint; execs: Set<string> };
  type Real = { kernel: Kernel; venue: ManualVenue; t: number };
  const QTY = 10n;
  const u = (n: bigint) => n * 10n ** 18n;

  class Accept implements fc.Command<Model, Real> {
    check = () => true;
    run(m: Model, r: Real) {
      const legal = m.status === 'pending-new' || m.status === 'unknown';
      r.venue.emit({ kind: 'accepted', time: ++r.t, clientId: 'c1', venueOrderId: 'V1' });
      if (legal) m.status = 'open'; // a repeated ack of a working order is a harmless duplicate
      expect(r.kernel.orderList()[0].status).toBe(m.status);
    }
    toString = () => 'accept';
  }
  class Fill implements fc.Command<Model, Real> {
    constructor(readonly exec: string, readonly qty: bigint) {}
    check = () => true;
    run(m: Model, r: Real) {
      const ev = { kind: 'fill' as const, time: ++r.t, clientId: 'c1', execId: this.exec, qty: u(this.qty), price: u(100n), fee: 0n, feeAsset: 'USD', liquidity: 'taker' as const, orderStatus: (m.filled + this.qty >= QTY ? 'filled' : 'partially-filled') as 'filled' | 'partially-filled' };
      const impossible = m.status === 'filled' || m.status === 'rejected';
      // A fill after a cancel or expiry happened at the venue: booked, the status stays terminal.
      const late = m.status === 'canceled' || m.status === 'expired';
      const dup = m.execs.has(this.exec);
      if (dup) {
        r.venue.emit(ev); // applied once: a repeat changes nothing
      } else if (impossible || m.filled + this.qty > QTY) {
        expect(() => r.venue.emit(ev)).toThrow();
        return;
      } else {
        r.venue.emit(ev);
        m.execs.add(this.exec);
        m.filled += this.qty;
        if (!late) m.status = m.filled === QTY ? 'filled' : 'partially-filled';
      }
      const o = r.kernel.orderList()[0];
      expect(o.status).toBe(m.status);
      expect(o.filledQty).toBe(u(m.filled));
    }
    toString = () => `fill(${this.exec}, ${this.qty})`;
  }
  class Unknown implements fc.Command<Model, Real> {
    check = () => true;
    run(m: Model, r: Real) {
      r.venue.emit({ kind: 'unknown', time: ++r.t, clientId: 'c1', reason: 'answer lost' });
      if (m.status === 'pending-new') m.status = 'unknown'; // only an unacknowledged order can be unknown
      expect(r.kernel.orderList()[0].status).toBe(m.status);
    }
    toString = () => 'unknown';
  }
  class Close implements fc.Command<Model, Real> {
    constructor(readonly kind: 'canceled' | 'expired' | 'rejected') {}
    check = () => true;
    run(m: Model, r: Real) {
      const ev = this.kind === 'expired' ? { kind: 'expired' as const, time: ++r.t, clientId: 'c1' } : { kind: this.kind, time: ++r.t, clientId: 'c1', reason: 'test' };
      const terminal = ['filled', 'canceled', 'rejected', 'expired'].includes(m.status);
      if (terminal) {
        r.venue.emit(ev); // late report for a closed order: ignored
      } else if (this.kind === 'rejected' && m.status !== 'pending-new' && m.status !== 'unknown') {
        expect(() => r.venue.emit(ev)).toThrow(IllegalTransitionError);
        return;
      } else {
        r.venue.emit(ev);
        m.status = this.kind;
      }
      expect(r.kernel.orderList()[0].status).toBe(m.status);
    }
    toString = () => this.kind;
  }

  it('a kernel order follows the model under any sequence of venue reports', () => {
    const commands = [
      fc.constant(new Accept()),
      fc.constant(new Unknown()),
      fc.tuple(fc.constantFrom('e1', 'e2', 'e3', 'e4'), fc.bigInt({ min: 1n, max: 6n })).map(([e, q]) => new Fill(e, q)),
      fc.constantFrom('canceled' as const, 'expired' as const, 'rejected' as const).map((k) => new Close(k)),
    ];
    fc.assert(
      fc.property(fc.commands(commands, { maxCommands: 12 }), (cmds) => {
        const venue = new ManualVenue();
        const strategy: Strategy = { name: 'one-order', onStart: (ctx) => void ctx.submit({ clientId: 'c1', pair: 'BTC/USD', side: 'buy', type: 'limit', qty: u(QTY), limitPrice: u(100n) }) };
        const kernel = new Kernel({ instruments: [defaultSymbols.instrument('BTC/USD')], accountCurrency: 'USD', strategy, venue, retainClosedOrders: true });
        kernel.deposit(0, 'USD', parseFixed('100000'));
        kernel.start(1);
        expect(venue.submitted).toHaveLength(1);
        fc.modelRun(() => ({ model: { status: 'pending-new' as OrderStatus, filled: 0n, execs: new Set<string>() }, real: { kernel, venue, t: 1 } }), cmds);
      }),
      { numRuns: RUNS },
    );
  });
});
