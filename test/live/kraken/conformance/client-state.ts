/**
 * The client side of a conformance row: raw frames in, the state the client ends up with out. It
 * uses the client's real parts in the order the live venue does (parseKrakenWsFrame ->
 * UnknownValueCounter -> duplicate check -> ExecutionMapper) and applies the resulting venue
 * events the way the kernel does (terminal states stay terminal, a fill after a cancel is booked,
 * an execution id is booked once).
 */
import { formatFixed, type Fixed } from '../../../../src/core/decimal/fixed.ts';
import type { VenueEvent } from '../../../../src/core/venue/port.ts';
import { balancesFromBalanceEx, type BalanceExResult } from '../../../../src/live/kraken/rest/spendable-balances.ts';
import { UnknownValueCounter } from '../../../../src/live/kraken/ws/messages/lenient.ts';
import { parseKrakenWsFrame } from '../../../../src/live/kraken/ws/messages/parse.ts';
import { PrivateChannelState } from '../../../../src/live/kraken/ws/private-channels.ts';
import { ExecutionMapper } from '../../../../src/live/venue/execution-mapper.ts';

export interface OrderState {
  status: 'open' | 'partially-filled' | 'filled' | 'canceled' | 'expired';
  filled: string;
  fills: number;
}

export interface ClientOutcome {
  /** Order states, sorted by status then filled quantity (identifiers differ between sources). */
  orders: OrderState[];
  balances?: Record<string, { total: string; available: string }>;
  unknowns: Record<string, number>;
  /** Unknown values reported with their frame (first occurrence of each). */
  unknownsLogged: number;
  rejectedReports: number;
  reconcileRequests: number;
  protocolErrors: number;
  /** REST rows: how many distinct entries paging returned. */
  listed?: number;
  /** Token rows: GetWebSocketsToken calls. */
  tokens?: number;
}

interface Tracked {
  status: OrderState['status'];
  filled: Fixed;
  fills: number;
}

const TERMINAL = new Set(['filled', 'canceled', 'expired']);

export class ConformanceClient {
  private readonly unknowns: UnknownValueCounter;
  private unknownsLogged = 0;
  private readonly mapper = new ExecutionMapper();
  private readonly channels = new PrivateChannelState();
  private readonly orders = new Map<string, Tracked>();
  private readonly byOrderId = new Map<string, string>();
  private readonly booked = new Set<string>();
  private balances: ClientOutcome['balances'];
  private rejectedReports = 0;
  private reconcileRequests = 0;
  private protocolErrors = 0;

  constructor() {
    this.unknowns = new UnknownValueCounter(() => this.unknownsLogged++);
  }

  /** What the kernel knows of an order before any report (base quantity; undefined when quote-sized). */
  track(clientId: string, qty: Fixed | undefined): void {
    this.mapper.track(clientId, qty);
  }

  feed(raw: string): void {
    const parsed = parseKrakenWsFrame(raw);
    if (!parsed.ok) {
      this.protocolErrors++;
      return;
    }
    this.unknowns.record(parsed.unknowns, raw);
    const m = parsed.message;
    if (!('channel' in m) || m.channel !== 'executions') return;
    this.rejectedReports += m.rejected.length;
    for (const r of m.data) {
      const { duplicate } = this.channels.seen(r);
      const cid = r.cl_ord_id ?? this.byOrderId.get(r.order_id) ?? (r.order_userref ? `ref:${r.order_userref}` : r.order_id);
      this.byOrderId.set(r.order_id, cid);
      if (duplicate) continue;
      const mapped = this.mapper.map(r, cid);
      if (mapped.reconcile) this.reconcileRequests++;
      for (const ev of mapped.events) this.apply(ev);
    }
  }

  balanceEx(raw: BalanceExResult): void {
    const all = balancesFromBalanceEx(raw);
    this.balances = Object.fromEntries(Object.entries(all).map(([k, b]) => [k, { total: formatFixed(b.total), available: formatFixed(b.available) }]));
  }

  private apply(ev: VenueEvent): void {
    let o = this.orders.get(ev.clientId);
    if (!o) this.orders.set(ev.clientId, (o = { status: 'open', filled: 0n, fills: 0 }));
    switch (ev.kind) {
      case 'fill':
        if (this.booked.has(ev.execId)) return;
        this.booked.add(ev.execId);
        o.filled += ev.qty;
        o.fills++;
        if (!TERMINAL.has(o.status)) o.status = ev.orderStatus;
        return;
      case 'canceled':
      case 'expired':
        if (!TERMINAL.has(o.status)) o.status = ev.kind;
        return;
      default:
        return;
    }
  }

  outcome(): ClientOutcome {
    const orders = [...this.orders.values()]
      .map((o) => ({ status: o.status, filled: formatFixed(o.filled), fills: o.fills }))
      .sort((a, b) => (a.status === b.status ? a.filled.localeCompare(b.filled) : a.status.localeCompare(b.status)));
    return {
      orders,
      ...(this.balances ? { balances: this.balances } : {}),
      unknowns: this.unknowns.counts(),
      unknownsLogged: this.unknownsLogged,
      rejectedReports: this.rejectedReports,
      reconcileRequests: this.reconcileRequests,
      protocolErrors: this.protocolErrors,
    };
  }
}
