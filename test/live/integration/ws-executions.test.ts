/**
 * Own executions through faults: duplicated private frames must be flagged (same exec_id) so a
 * ledger that applies each exec_id once matches the simulator exactly; partial fills must add up
 * to the simulator's filled volume and balances.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatFixed, mul, parseFixed } from '../../../src/core/decimal/fixed.ts';
import type { KrakenRestClient } from '../../../src/live/kraken/rest/client.ts';
import type { ExecutionEvent } from '../../../src/live/kraken/ws/events.ts';
import type { KrakenSimulator } from '../../../src/live/sim/simulator.ts';
import { KEY, record, restClient, startSim, subscribed, T0, until, wsClients, type WsPair } from './harness.ts';

let sim: KrakenSimulator;
let rest: KrakenRestClient;
let ws: WsPair;

/** Replayed trades after T0 (qty 1 each); all print through a 29995.0 bid. */
const FUTURE = ['29990.0', '29980.0', '29985.0', '29970.0', '29990.0', '29960.0'];

beforeEach(async () => {
  sim = await startSim({}, FUTURE);
  rest = restClient(sim);
  ws = wsClients(sim, rest);
  ws.priv.subscribe({ channel: 'executions', snap_orders: false });
  ws.priv.subscribe({ channel: 'balances', snapshot: true });
  ws.priv.connect();
  await subscribed(ws.priv);
});
afterEach(async () => {
  ws.priv.close();
  ws.pub.close();
  await rest.close();
  await sim.close();
});

/** A consumer that books each fill once, by exec_id, trusting the client's duplicate flag. */
class FillLedger {
  readonly fills = new Map<string, { qty: string; price: string; fee: string }>();
  readonly duplicatesSkipped: string[] = [];
  apply(e: ExecutionEvent): void {
    if (e.report.exec_type !== 'trade') return;
    const id = e.report.exec_id as string;
    if (e.duplicate) {
      this.duplicatesSkipped.push(id);
      return;
    }
    if (this.fills.has(id)) throw new Error(`exec_id ${id} applied twice: the duplicate flag missed it`);
    const fee = (e.report.fees ?? []).reduce((s, f) => s + parseFixed(f.qty), 0n);
    this.fills.set(id, { qty: e.report.last_qty as string, price: e.report.last_price as string, fee: formatFixed(fee) });
  }
  total(): bigint {
    return [...this.fills.values()].reduce((s, f) => s + parseFixed(f.qty), 0n);
  }
}

describe('duplicated private frames', () => {
  it('every duplicated execution is flagged; applying each exec_id once gives exactly the simulator trades', async () => {
    const ledger = new FillLedger();
    const events = record(ws.priv, ['execution', 'balances', 'sequence_gap']);
    ws.priv.on('execution', (e) => ledger.apply(e));
    sim.faults.duplicateNext(1000); // every channel-data frame from here on is sent twice

    const placed = await ws.priv.addOrder({ symbol: 'BTC/USD', side: 'buy', order_type: 'limit', order_qty: '1.5', limit_price: '29995.0', cl_ord_id: 'dup-1' });
    expect(placed.status).toBe('accepted');
    sim.advanceTo(T0 + 3000);
    await until(() => events.some((e) => e.event === 'execution' && e.payload.report.exec_type === 'filled' && e.payload.duplicate), 'the duplicated filled report');
    sim.faults.duplicatePending = 0;

    const simTrades = sim.account(KEY).trades;
    expect(simTrades).toHaveLength(2);
    expect([...ledger.fills.keys()].sort()).toEqual(simTrades.map((t) => t.id).sort());
    expect(ledger.duplicatesSkipped.sort()).toEqual(simTrades.map((t) => t.id).sort());
    expect(formatFixed(ledger.total())).toBe(formatFixed(simTrades.reduce((s, t) => s + t.qty, 0n)));

    // Every execution report came twice; exactly the second copy of each is flagged.
    const execs = events.filter((e) => e.event === 'execution').map((e) => e.payload as ExecutionEvent);
    expect(execs.filter((e) => e.duplicate)).toHaveLength(execs.length / 2);
    expect(new Set(execs.filter((e) => !e.duplicate).map((e) => e.dedupeKey)).size).toBe(execs.length / 2);

    // Balances: duplicated frames flagged by sequence; the non-duplicates are exactly the ledger updates.
    const balanceUpdates = events.filter((e) => e.event === 'balances' && e.payload.message.type === 'update').map((e) => e.payload);
    const fresh = balanceUpdates.filter((b) => !('duplicate' in b) || !b.duplicate);
    const tradeLedger = sim.account(KEY).ledger.filter((l) => l.type === 'trade');
    expect(fresh).toHaveLength(tradeLedger.length);
    expect(balanceUpdates).toHaveLength(2 * tradeLedger.length);
    expect(events.filter((e) => e.event === 'sequence_gap')).toEqual([]);
  });
});

describe('partial fills', () => {
  it('trade executions sum to the simulator filled volume and explain the balance changes exactly', async () => {
    const ledger = new FillLedger();
    const execs = record(ws.priv, ['execution']);
    ws.priv.on('execution', (e) => ledger.apply(e));
    const before = sim.account(KEY).balances;
    sim.faults.partialFills(0.25);

    const placed = await ws.priv.addOrder({ symbol: 'BTC/USD', side: 'buy', order_type: 'limit', order_qty: '1.2', limit_price: '29995.0', cl_ord_id: 'partial-1', fee_preference: 'quote' });
    expect(placed.status).toBe('accepted');
    sim.advanceTo(T0 + 6000); // six trades, 0.25 each -> 1.2 after five (the last one takes 0.2)
    await until(() => execs.some((e) => e.payload.report.exec_type === 'filled'), 'order filled');

    const trades = execs.map((e) => e.payload.report).filter((r) => r.exec_type === 'trade');
    expect(trades.map((r) => r.last_qty)).toEqual(['0.25000000', '0.25000000', '0.25000000', '0.25000000', '0.20000000']);
    // Strict simulator (Kraken's docs example): even the completing fill says partially_filled;
    // the separate exec_type "filled" report (awaited above) completes the order.
    expect(trades.every((r) => r.order_status === 'partially_filled')).toBe(true);

    const order = sim.account(KEY).closedOrders.find((o) => o.req.clOrdId === 'partial-1');
    expect(order).toBeDefined();
    expect(formatFixed(ledger.total())).toBe(formatFixed(order!.filled));
    expect(trades.at(-1)?.cum_qty).toBe('1.20000000');

    // REST agrees on the filled volume.
    const q = await rest.queryOrders({ txid: [order!.id] });
    expect(parseFixed(q[order!.id].vol_exec)).toBe(ledger.total());

    // Balances moved by exactly the fills: BTC +sum(qty), USD -sum(qty*price) - sum(fee).
    const after = sim.account(KEY).balances;
    const fills = [...ledger.fills.values()];
    const cost = fills.reduce((s, f) => s + mul(parseFixed(f.qty), parseFixed(f.price)), 0n);
    const fees = fills.reduce((s, f) => s + parseFixed(f.fee), 0n);
    expect(parseFixed(after.BTC) - parseFixed(before.BTC)).toBe(ledger.total());
    expect(parseFixed(before.USD) - parseFixed(after.USD)).toBe(cost + fees);
  });
});
