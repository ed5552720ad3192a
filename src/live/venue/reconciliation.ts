import { parseFixed } from '../../core/decimal/fixed.ts';
import { defaultSymbols } from '../../core/instruments/symbols.ts';
import type { VenueEvent } from '../../core/venue/port.ts';
import type { KrakenOrder, KrakenTrade } from '../kraken/rest/schemas.ts';

/** An order the kernel still has working. */
export interface WorkingOrder {
  readonly clientId: string;
  readonly status: string;
  readonly pair: string;
}

export interface ReconcileFacts {
  readonly working: readonly WorkingOrder[];
  /** Orders the venue reports (OpenOrders and ClosedOrders since a point), by venue order id. */
  readonly orders: Iterable<readonly [string, KrakenOrder]>;
  /** Every trade of the account since a point (all pages of TradesHistory), by trade id. */
  readonly trades: Iterable<readonly [string, KrakenTrade]>;
  /** Venue order id -> client order id, as learnt from acknowledgements and executions. */
  readonly clientOf: ReadonlyMap<string, string>;
  /** Is this client order id one of this session's? (Other sessions and manual orders are not booked.) */
  readonly isOurs: (clientId: string) => boolean;
  /** Event time for the corrections that carry none of their own (acks, terminal states). */
  readonly now: number;
  /** An order missing at the venue is declared never placed only when older than this (ms since it was sent). */
  readonly settleAfterMs: number;
  /** Ms since the order was sent by this process (Infinity for one of a previous process). */
  readonly ageOf: (clientId: string) => number;
}

export interface ReconcilePlan {
  /** Corrections in order: per working order its ack, fills, terminal state; then fills of orders already closed. */
  readonly events: VenueEvent[];
  /** Venue order ids learnt (venue id -> client id). */
  readonly venueIds: ReadonlyMap<string, string>;
  /** Client ids the venue reports as no longer open (or never placed). */
  readonly closed: readonly string[];
  /** Client ids found open at the venue. */
  readonly open: readonly string[];
}

/**
 * What reconciliation must tell the kernel, from the venue's reports (pure: the caller fetches
 * every page). Fills are booked with Kraken's own figures from TradesHistory: `cost` (rounded
 * by Kraken to the quote's decimals), `fee`, and the fee asset (the base when the order was
 * placed with `fcib`, else the quote, which is Kraken's default). Trades of this session's
 * orders that the kernel no longer holds (closed, or declared never placed) are included with
 * pair and side, so a late fill is booked. Repeats are harmless: the ledger applies an
 * execution id once.
 */
export function planReconciliation(f: ReconcileFacts): ReconcilePlan {
  const byClient = new Map<string, [string, KrakenOrder]>();
  const clientOf = new Map(f.clientOf);
  const learnt = new Map<string, string>();
  for (const [id, ord] of f.orders) {
    const cid = ord.cl_ord_id ?? clientOf.get(id);
    if (!cid) continue;
    byClient.set(cid, [id, ord]);
    if (!clientOf.has(id)) learnt.set(id, cid);
    clientOf.set(id, cid);
  }
  const tradesByOrder = new Map<string, [string, KrakenTrade][]>();
  for (const [txid, t] of f.trades) {
    const list = tradesByOrder.get(t.ordertxid) ?? [];
    list.push([txid, t]);
    tradesByOrder.set(t.ordertxid, list);
  }
  for (const list of tradesByOrder.values()) list.sort((a, b) => a[1].time - b[1].time || (a[0] < b[0] ? -1 : 1));

  const events: VenueEvent[] = [];
  const closed: string[] = [];
  const open: string[] = [];
  const handled = new Set<string>();
  for (const k of f.working) {
    const found = byClient.get(k.clientId);
    if (!found) {
      if (f.ageOf(k.clientId) >= f.settleAfterMs) {
        events.push({ kind: 'rejected', time: f.now, clientId: k.clientId, reason: 'never reached the venue (reconciliation)' });
        closed.push(k.clientId);
      }
      continue;
    }
    const [venueId, ord] = found;
    handled.add(venueId);
    if (k.status === 'pending-new' || k.status === 'unknown') events.push({ kind: 'accepted', time: f.now, clientId: k.clientId, venueOrderId: venueId });
    const fills = tradesByOrder.get(venueId) ?? [];
    const done = ord.status === 'closed';
    fills.forEach(([txid, tr], i) => events.push(fillEvent(k.clientId, txid, tr, ord, k.pair, done && i === fills.length - 1)));
    // Closed at the venue: completed even when its last fill was already booked as partial (a
    // quote-sized order's fill released before its completion came, or recovered after a downtime).
    if (done && (fills.length > 0 || k.status === 'partially-filled')) events.push({ kind: 'filled', time: f.now, clientId: k.clientId });
    if (ord.status === 'canceled') events.push({ kind: 'canceled', time: f.now, clientId: k.clientId, reason: ord.reason ?? 'canceled at venue' });
    else if (ord.status === 'expired') events.push({ kind: 'expired', time: f.now, clientId: k.clientId });
    if (ord.status === 'open' || ord.status === 'pending') open.push(k.clientId);
    else closed.push(k.clientId);
  }
  // Trades of our orders the kernel no longer has working: late fills (booked by id, once).
  for (const [venueId, list] of tradesByOrder) {
    if (handled.has(venueId)) continue;
    const cid = clientOf.get(venueId);
    if (!cid || !f.isOurs(cid)) continue;
    const ord = byClient.get(cid)?.[1];
    const pair = canonicalPair(list[0][1].pair);
    if (!pair) continue;
    for (const [txid, tr] of list) events.push(fillEvent(cid, txid, tr, ord, pair, false));
  }
  return { events, venueIds: learnt, closed, open };
}

function fillEvent(clientId: string, txid: string, tr: KrakenTrade, ord: KrakenOrder | undefined, pair: string, last: boolean): VenueEvent {
  const [base, quote] = pair.split('/');
  const feeInBase = ord !== undefined && ord.oflags.split(',').includes('fcib');
  return {
    kind: 'fill',
    time: Math.round(tr.time * 1000),
    clientId,
    execId: txid,
    qty: parseFixed(tr.vol),
    price: parseFixed(tr.price),
    fee: parseFixed(tr.fee),
    feeAsset: feeInBase ? base : quote,
    liquidity: tr.maker ? 'maker' : 'taker',
    cost: parseFixed(tr.cost),
    pair,
    side: tr.type,
    orderStatus: last ? 'filled' : 'partially-filled',
  };
}

function canonicalPair(restPair: string): string | undefined {
  try {
    return defaultSymbols.resolve(restPair);
  } catch {
    return undefined;
  }
}
