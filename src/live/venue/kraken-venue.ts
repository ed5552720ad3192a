import type { OrderReport, VenueEvent, VenueHost, VenueOrder, VenuePort } from '../../core/venue/port.ts';
import { KrakenOutcomeUnknown, type KrakenRestClient } from '../kraken/rest/index.ts';
import { collect, iterateClosedOrders, iterateTradesHistory } from '../kraken/rest/paging.ts';
import type { KrakenWsClient } from '../kraken/ws/client.ts';
import type { ExecutionEvent } from '../kraken/ws/events.ts';
import { failpoint } from '../runner/failpoints.ts';
import { ExecutionMapper } from './execution-mapper.ts';
import { krakenOrderRefusal, toRestAddOrder, toWsAddOrder } from './order-mapping.ts';
import { planReconciliation } from './reconciliation.ts';

/** Reconciliation looks back this much further than its window (clock skew between us and Kraken). */
const RECONCILE_MARGIN_MS = 10 * 60_000;

export type TrackedState = 'replayed' | 'sending' | 'unknown' | 'acknowledged' | 'closed';

interface Tracked {
  readonly order: VenueOrder;
  state: TrackedState;
  sentAt: number;
}

export interface VenueLog {
  info(fields: Record<string, unknown>, msg: string): void;
  warn(fields: Record<string, unknown>, msg: string): void;
  error(fields: Record<string, unknown>, msg: string): void;
}

export interface KrakenVenueOptions {
  readonly ws: KrakenWsClient;
  readonly rest: KrakenRestClient;
  /** Every venue event goes here (the runner journals it, then the kernel sees it); true when it was new. */
  readonly emit: (ev: VenueEvent) => boolean;
  /** Orders the kernel still considers working (for reconciliation). */
  readonly openKernelOrders: () => readonly { clientId: string; status: string; pair: string; createdAt?: number }[];
  /** Is this client order id one of this session's? Trades of other orders are never booked. */
  readonly isOurs?: (clientId: string) => boolean;
  readonly log: VenueLog;
  readonly now: () => number;
  /** An order missing at the venue this long after it was sent is declared never placed. Default 30 s. */
  readonly settleAfterMs?: number;
  /**
   * Holds an outbound command until the inputs that caused it are durable (the journal's group
   * commit, JournalWriter.afterDurable); commands keep their order. Default: send at once.
   */
  readonly whenDurable?: (send: () => void) => void;
  /** Called when an order leaves the process (latency probes). */
  readonly onSent?: (clientId: string) => void;
  /** Clamps execution times stamped far in the future (clock-skew.ts); the runner passes one in wall-clock mode. */
  readonly futureGuard?: { check(time: number): number };
}

/**
 * Real-mode venue: the kernel's commands go to Kraken over the private WebSocket (REST when the
 * socket is not usable), reports come back as venue events. Nothing is sent while a restart
 * replays the journal (`live` false); orders whose answer was lost are `unknown` here until
 * `reconcile` finds them at the venue (or proves they were never placed). The kernel keeps such
 * an order pending, so nothing is assumed.
 */
export class KrakenVenue implements VenuePort {
  readonly name = 'kraken';
  live = false;
  private readonly tracked = new Map<string, Tracked>();
  private readonly byVenueId = new Map<string, string>();
  private reconciling: Promise<number> | undefined;
  private readonly executions = new ExecutionMapper();
  private settleTimer: NodeJS.Timeout | undefined;
  private stopped = false;
  reconciliations = 0;
  corrections = 0;
  /** Venue time from which reconciliation asks for trades and closed orders (the runner sets it at start). */
  checkpoint = -Infinity;

  constructor(private readonly o: KrakenVenueOptions) {
    o.ws.on('execution', (e) => {
      try {
        this.onExecution(e);
      } catch (err) {
        o.log.error({ err: String(err), stack: (err as Error).stack }, 'handling an execution failed');
      }
    });
    o.ws.on('order_outcome_unknown', (u) => {
      for (const id of u.clOrdIds) this.markUnknown(id, `${u.method} ${u.reason}`);
    });
  }

  connect(_host: VenueHost): void {}

  submit(order: VenueOrder): void {
    this.executions.track(order.clientId, order.quoteQty !== undefined ? undefined : order.qty);
    this.tracked.set(order.clientId, { order, state: this.live ? 'sending' : 'replayed', sentAt: this.live ? this.o.now() : -Infinity });
    if (!this.live) return;
    this.gate(() => this.send(order));
  }

  private gate(send: () => void): void {
    if (this.o.whenDurable) this.o.whenDurable(send);
    else send();
  }

  private send(order: VenueOrder): void {
    const cid = order.clientId;
    const refusal = krakenOrderRefusal(order);
    if (refusal) {
      this.o.log.warn({ cid, reason: refusal }, 'order refused before sending');
      this.close(cid);
      // Answered after submit returns, like every venue answer (the kernel is still inside submit).
      queueMicrotask(() => this.o.emit({ kind: 'rejected', time: this.o.now(), clientId: cid, reason: refusal }));
      return;
    }
    const params = toWsAddOrder(order);
    const p = this.o.ws.addOrder(params);
    this.o.onSent?.(cid);
    this.o.log.info({ cid, pair: order.pair, side: order.side, type: order.type, via: 'ws' }, 'order sent');
    const answered = p.then(
      (out) => {
        failpoint('order-answered');
        if (out.status === 'accepted') {
          const venueId = out.result.order_id;
          if (venueId === undefined) {
            // Only a validate-only request is answered without an id; this adapter never sends one.
            this.markUnknown(cid, 'add_order accepted without an order_id');
            return;
          }
          this.byVenueId.set(venueId, cid);
          this.ack(cid, venueId);
        } else if (out.status === 'rejected') {
          this.o.log.warn({ cid, error: out.error }, 'order rejected by venue');
          this.close(cid);
          this.o.emit({ kind: 'rejected', time: this.o.now(), clientId: cid, reason: out.error });
        } else if (out.status === 'not_sent') {
          this.o.log.warn({ cid, reason: out.reason }, 'private socket unusable; sending over REST');
          this.sendRest(order);
        } else {
          this.markUnknown(cid, out.reason);
        }
      },
      (err: unknown) => this.markUnknown(cid, String(err)),
    );
    this.background(answered, 'handling the order answer', cid);
  }

  private sendRest(order: VenueOrder): void {
    const cid = order.clientId;
    this.o.log.info({ cid, via: 'rest' }, 'order sent');
    const answered = this.o.rest.addOrder(toRestAddOrder(order)).then(
      (r) => {
        const id = r.txid[0];
        if (id) {
          this.byVenueId.set(id, cid);
          this.ack(cid, id);
        }
      },
      (err: unknown) => {
        if (err instanceof KrakenOutcomeUnknown) return this.markUnknown(cid, err.message);
        const provenNot = (err as { provesNotExecuted?: boolean }).provesNotExecuted === true;
        if (!provenNot) return this.markUnknown(cid, String(err));
        this.o.log.warn({ cid, error: (err as Error).message, via: 'rest' }, 'order rejected by venue');
        this.close(cid);
        this.o.emit({ kind: 'rejected', time: this.o.now(), clientId: cid, reason: (err as Error).message });
      },
    );
    this.background(answered, 'handling the REST order answer', cid);
  }

  private ack(cid: string, venueOrderId: string): void {
    const t = this.tracked.get(cid);
    if (t && t.state !== 'closed') t.state = 'acknowledged';
    this.o.log.info({ cid, venueOrderId }, 'order acknowledged');
    this.o.emit({ kind: 'accepted', time: this.o.now(), clientId: cid, venueOrderId });
  }

  private markUnknown(cid: string, reason: string): void {
    const t = this.tracked.get(cid);
    if (!t || t.state === 'closed' || t.state === 'acknowledged') return;
    t.state = 'unknown';
    this.o.log.warn({ cid, reason }, 'order outcome unknown; reconciliation will settle it');
    this.o.emit({ kind: 'unknown', time: this.o.now(), clientId: cid, reason });
    this.settleUnknown(0);
  }

  /**
   * Reconciles until no order is unknown: a failed round (private REST 502 bursts, timeouts)
   * is retried with a growing delay (0.5 s doubling to 30 s) instead of being lost, and never
   * surfaces as an unhandled rejection.
   */
  private settleUnknown(attempt: number): void {
    if (this.settleTimer || this.stopped) return;
    const run = () => {
      this.settleTimer = undefined;
      this.reconcile(attempt === 0 ? 'unknown order' : `unknown order (retry ${attempt})`).then(
        () => this.unknownOrders().some((id) => this.tracked.get(id)?.state === 'unknown') && this.settleUnknown(attempt + 1),
        (err: unknown) => {
          this.o.log.warn({ err: String(err), attempt }, 'reconciliation of an unknown order failed; retrying');
          this.settleUnknown(attempt + 1);
        },
      ).catch((err: unknown) => this.o.log.error({ err: String(err) }, 'settling unknown orders failed'));
    };
    if (attempt === 0) return run();
    this.settleTimer = setTimeout(run, Math.min(30_000, 500 * 2 ** (attempt - 1)));
    this.settleTimer.unref();
  }

  /** Stops background retries (runner shutdown). */
  stop(): void {
    this.stopped = true;
    if (this.settleTimer) clearTimeout(this.settleTimer);
    this.settleTimer = undefined;
  }

  /** Runs a command's follow-up in the background; an error in it is logged, never an unhandled rejection. */
  private background(p: Promise<unknown>, what: string, cid?: string): void {
    p.catch((err: unknown) => this.o.log.error({ ...(cid ? { cid } : {}), err: String(err), stack: (err as Error)?.stack }, `${what} failed`));
  }

  private close(cid: string): void {
    const t = this.tracked.get(cid);
    if (t) t.state = 'closed';
  }

  cancel(clientId: string): void {
    if (!this.live) return;
    this.gate(() => this.sendCancel(clientId));
  }

  private sendCancel(clientId: string): void {
    this.o.log.info({ cid: clientId }, 'cancel sent');
    this.background(
      this.o.ws.cancelOrder({ cl_ord_id: [clientId] }).then((out) => {
        if (out.status === 'rejected') this.o.log.warn({ cid: clientId, error: out.error }, 'cancel rejected by venue');
        if (out.status === 'rejected') this.o.emit({ kind: 'cancel-rejected', time: this.o.now(), clientId, reason: out.error });
        else if (out.status === 'not_sent') {
          this.o.rest.cancelOrder({ cl_ord_id: clientId }).catch((err: unknown) => this.o.log.warn({ cid: clientId, err: String(err) }, 'REST cancel failed'));
        }
      }),
      'cancel',
      clientId,
    );
  }

  cancelAll(pair?: string): void {
    if (!this.live) return;
    if (pair === undefined) {
      this.gate(() => {
        this.o.log.info({}, 'cancel-all sent');
        this.background(
          this.o.ws.cancelAll().then((out) => {
            if (out.status === 'not_sent') this.o.rest.cancelAll().catch((err: unknown) => this.o.log.warn({ err: String(err) }, 'REST cancel-all failed'));
          }),
          'cancel-all',
        );
      });
      return;
    }
    for (const k of this.o.openKernelOrders()) if (k.pair === pair) this.cancel(k.clientId);
  }

  openOrders(): OrderReport[] {
    return [];
  }

  /** Orders whose outcome is not known yet (sent, no answer). */
  unknownOrders(): string[] {
    return [...this.tracked.values()].filter((t) => t.state === 'unknown' || t.state === 'replayed').map((t) => t.order.clientId);
  }

  trackedState(clientId: string): TrackedState | undefined {
    return this.tracked.get(clientId)?.state;
  }

  private onExecution(e: ExecutionEvent): void {
    const r = e.report;
    const cid = r.cl_ord_id ?? this.byVenueId.get(r.order_id);
    if (!cid) return; // not ours (another session or manual order)
    this.byVenueId.set(r.order_id, cid);
    if (e.duplicate) return;
    const mapped = this.executions.map(r, cid);
    const t = this.tracked.get(cid);
    for (const raw of mapped.events) {
      const ev = this.o.futureGuard ? { ...raw, time: this.o.futureGuard.check(raw.time) } : raw;
      if (t && ev.kind === 'accepted' && t.state !== 'closed') t.state = 'acknowledged';
      if (t && (ev.kind === 'canceled' || ev.kind === 'expired' || (ev.kind === 'fill' && ev.orderStatus === 'filled'))) t.state = 'closed';
      this.o.log.info({ cid, kind: ev.kind, ...(ev.kind === 'fill' ? { execId: ev.execId, qty: r.last_qty, price: r.last_price } : {}) }, `execution ${r.exec_type}`);
      this.o.emit(ev);
    }
    if (mapped.reconcile) {
      this.o.log.warn({ cid, why: mapped.reconcile }, 'execution report shows missed fills; reconciling');
      this.reconcile(mapped.reconcile).catch((err: unknown) => this.o.log.warn({ cid, err: String(err) }, 'reconciliation failed; will retry'));
    }
  }

  /**
   * Asks the venue (REST) about every order the kernel still has working and emits what was
   * missed: acknowledgements, fills (by execution id, so a repeat is harmless) and terminal
   * states, in that order. An order the venue never saw, sent longer ago than `settleAfterMs`,
   * is rejected as "never placed". Returns the number of correcting events emitted.
   */
  reconcile(why: string): Promise<number> {
    if (!this.reconciling) {
      this.reconciling = this.doReconcile(why).finally(() => {
        this.reconciling = undefined;
      });
    }
    return this.reconciling;
  }

  private async doReconcile(why: string): Promise<number> {
    this.reconciliations++;
    const begun = this.o.now();
    for (const ev of this.executions.flush(this.o.now())) this.o.emit(ev); // held fills: nothing more came for them
    const working = this.o.openKernelOrders();
    // Everything since the oldest working order was placed and since the last reconciliation
    // (less a margin for clock skew): late fills of closed orders land in that window too.
    let since = this.checkpoint;
    for (const k of working) if (k.createdAt !== undefined && k.createdAt < since) since = k.createdAt;
    const start = Number.isFinite(since) ? Math.floor((since - RECONCILE_MARGIN_MS) / 1000) : undefined;
    const window = start === undefined ? {} : { start };
    // Every page (50 rows each, `ofs`): after a downtime with more than 50 orders the first page
    // alone would declare orders that were placed and filled "never placed" (ClosedOrders,
    // TradesHistory: docs.kraken.com/api/docs/rest-api/get-closed-orders, `ofs`, `count`).
    // Nothing working: only the trades are read (late fills of closed orders), which spares the
    // private REST counter the order listings (the trading path needs it for its token).
    const idle = working.length === 0;
    const [open, closed, trades] = await Promise.all([
      idle ? { open: {} } : this.o.rest.openOrders({ trades: true }),
      idle ? [] : collect(iterateClosedOrders(this.o.rest, { trades: true, ...window })),
      collect(iterateTradesHistory(this.o.rest, window)),
    ]);
    const plan = planReconciliation({
      working,
      orders: [...closed, ...Object.entries(open.open)],
      trades,
      clientOf: this.byVenueId,
      isOurs: this.o.isOurs ?? (() => true),
      now: this.o.now(),
      settleAfterMs: this.o.settleAfterMs ?? 30_000,
      ageOf: (cid) => {
        const t = this.tracked.get(cid);
        // Orders a previous process sent (replayed) count as old: the runner waits before this first reconcile.
        return t ? this.o.now() - t.sentAt : Infinity;
      },
    });
    for (const [id, cid] of plan.venueIds) this.byVenueId.set(id, cid);
    let emitted = 0;
    for (const ev of plan.events) {
      if (ev.kind === 'rejected') this.o.log.warn({ cid: ev.clientId, why }, 'order not found at the venue: never placed');
      if (this.o.emit(ev)) emitted++;
    }
    for (const cid of plan.closed) this.close(cid);
    for (const cid of plan.open) {
      const t = this.tracked.get(cid);
      if (t) t.state = 'acknowledged';
    }
    this.checkpoint = begun;
    this.corrections += emitted;
    return emitted;
  }
}
