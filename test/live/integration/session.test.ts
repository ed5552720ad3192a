/**
 * A trading session against the strict simulator, through the real client stack (KrakenVenue,
 * the split WS client, the REST client, reconciliation with paging, the dead man's switch):
 * - 200 orders over WS, each completed in two fills with Kraken's split completion (the last
 *   trade says partially_filled, a separate `filled` report completes it);
 * - sells funded partly by a Kraken Rewards (`BTC.F`) balance;
 * - unknown enum values and extra fields in executions frames;
 * - the private socket down for 5 minutes: 600 orders go over REST and close while it is down
 *   (only reconciliation, paging ClosedOrders/TradesHistory past 50 rows, can learn their fate),
 *   and the dead man's switch is re-armed over REST so the one resting order survives.
 * At the end no order is left open, no funds are held, and the ledger equals the venue's balances
 * to the last unit.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { parseFixed } from '../../../src/core/decimal/fixed.ts';
import { venueOrder } from './venue-order.ts';
import type { VenueOrder } from '../../../src/core/venue/port.ts';
import { balancesFromBalanceEx } from '../../../src/live/kraken/rest/spendable-balances.ts';
import type { KrakenSimulator } from '../../../src/live/sim/simulator.ts';
import { armDeadman, type DeadmanPath } from '../../../src/live/venue/deadman.ts';
import { KrakenVenue } from '../../../src/live/venue/kraken-venue.ts';
import { btcTrades, KEY, restClient, SECRET, subscribed, T0, until, wsClients } from './harness.ts';
import { SessionBook } from './session-book.ts';
import { KrakenSimulator as Sim } from '../../../src/live/sim/simulator.ts';

const f = parseFixed;
const BATCHES = 20;
const PER_BATCH = 10; // 5 buys at 29995, 5 sells at 30005, 0.002 BTC each
const PRINTS_PER_BATCH = 20; // alternating 30010 / 29990; each print fills 0.001 (partialFills)
const DOWNTIME_ORDERS = 600;

let sim: KrakenSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

function order(cid: string, side: 'buy' | 'sell', o: Partial<VenueOrder> = {}): VenueOrder {
  return venueOrder({ clientId: cid, side, qty: f('0.002'), limitPrice: side === 'buy' ? f('29995.0') : f('30005.0'), ...o });
}

describe('session against the strict simulator', () => {
  it('200 split completions, .F balances, unknown values, 5 minutes of WS downtime with 600 orders over REST: nothing stuck, nothing held, ledger = venue', async () => {
    const warm = btcTrades(['30000.0', '30010.0', '29990.0', '30000.0'], T0 - 3000);
    const prints = Array.from({ length: BATCHES * PRINTS_PER_BATCH }, (_, i) => (i % 2 === 0 ? '30010.0' : '29990.0'));
    // One print per second from T0 + 1 s; the batches advance through them 20 at a time.
    sim = await Sim.start({
      trades: [...warm, ...btcTrades(prints, T0 + 1000)],
      startTime: T0,
      accounts: [{ key: KEY, secret: SECRET, balances: { USD: '100000', BTC: '0.1', 'BTC.F': '0.5' }, tier: 'pro' }],
      heartbeatMs: 0,
      rateLimit: { enabled: false }, // reconciliation pages ~30 history calls in one go; the REST counter is tested elsewhere
    });
    const s = sim;
    s.faults.partialFills(0.001);
    const rest = restClient(s);
    const { priv, scheduler } = wsClients(s, rest);
    const initial = balancesFromBalanceEx(await rest.balanceEx());
    expect(initial.BTC.total).toBe(f('0.6')); // spot 0.1 + Kraken Rewards 0.5
    const book = new SessionBook({ BTC: initial.BTC.total, USD: initial.USD.total });
    const warns: string[] = [];
    const log = { info: () => {}, warn: (_f: Record<string, unknown>, m: string) => void warns.push(m), error: (_f: Record<string, unknown>, m: string) => void warns.push(m) };
    const venue = new KrakenVenue({ ws: priv, rest, emit: (ev) => book.apply(ev), openKernelOrders: () => book.open(), log, now: () => s.now(), settleAfterMs: 30_000 });
    venue.live = true;
    const splitCompletions: string[] = [];
    priv.on('execution', (e) => {
      if (e.report.exec_type === 'filled' && e.report.last_qty === undefined) splitCompletions.push(e.report.order_id);
    });
    priv.connect();
    priv.subscribe({ channel: 'executions' });
    await subscribed(priv);
    const submit = (o: VenueOrder) => {
      book.add(o);
      venue.submit(o);
    };
    const settled = (what: string) => until(() => book.count((st) => st === 'pending-new' || st === 'unknown') === 0, what, 20_000);

    // A sale larger than the spot balance (0.1): Kraken Rewards funds it (traded through BTC).
    submit(order('f-sell', 'sell', { qty: f('0.3'), limitPrice: f('29900.0'), timeInForce: 'ioc' }));
    await until(() => book.count((st) => st === 'filled') === 1, 'sale funded by BTC.F filled');
    expect(s.requireAccount(KEY).reward(s.catalog.asset('BTC')!)).toBeLessThan(f('0.5'));

    // ---- phase 1: 200 orders over WS, split completions, unknown values in some frames
    s.faults.novelValuesNext(40);
    let printAt = T0;
    for (let b = 0; b < BATCHES; b++) {
      for (let i = 0; i < PER_BATCH; i++) submit(order(`ws-${b}-${i}`, i % 2 === 0 ? 'buy' : 'sell'));
      await settled(`batch ${b} acknowledged`);
      printAt += PRINTS_PER_BATCH * 1000;
      s.advanceTo(printAt);
      await until(() => book.count((st) => st === 'filled') === 1 + (b + 1) * PER_BATCH, `batch ${b} filled`, 20_000);
    }
    expect(splitCompletions).toHaveLength(1 + BATCHES * PER_BATCH);
    const fillsBeforeDowntime = book.fills;
    expect(fillsBeforeDowntime).toBeGreaterThan(1 + BATCHES * PER_BATCH); // many orders completed over several fills
    expect(priv.unknownValues.total).toBeGreaterThan(0);
    expect(Object.keys(priv.unknownValues.counts())).toEqual(expect.arrayContaining(['order_status=triggered']));

    // ---- phase 2: the private socket is down for 5 minutes
    const resting = order('resting-1', 'buy', { limitPrice: f('20000.0'), qty: f('0.01') });
    submit(resting);
    await settled('resting order acknowledged');
    const deadmanPaths: DeadmanPath[] = [await armDeadman(priv, rest, 60, log)];
    expect(deadmanPaths[0]).toBe('ws');
    s.faults.dropConnections(); // the client reconnects only when its scheduler runs: it stays down
    await until(() => priv.state === 'reconnecting', 'private socket down');
    const downFrom = s.now();
    for (let i = 0; i < DOWNTIME_ORDERS; i++) {
      // Marketable IOC orders: they trade at once against the book and close while the socket is down.
      const side = i % 2 === 0 ? 'buy' : 'sell';
      submit(order(`rest-${i}`, side, { qty: f('0.001'), limitPrice: side === 'buy' ? f('30100.0') : f('29900.0'), timeInForce: 'ioc' }));
      await settled(`REST order ${i} acknowledged`);
      s.advanceTo(downFrom + Math.floor(((i + 1) * 300_000) / DOWNTIME_ORDERS));
      if (i % 40 === 39) deadmanPaths.push(await armDeadman(priv, rest, 60, log)); // every 20 s of simulator time
    }
    expect(s.now() - downFrom).toBe(300_000);
    expect(deadmanPaths.slice(1).every((p) => p === 'rest')).toBe(true);
    expect(s.account(KEY).openOrders.map((o) => o.req.clOrdId)).toEqual(['resting-1']); // the switch never fired
    expect(book.count((st) => st === 'open')).toBe(DOWNTIME_ORDERS + 1); // acknowledged over REST; their fate unseen

    // ---- phase 3: back up; reconciliation pages through > 600 closed orders and their trades
    scheduler.advance(5_000);
    await subscribed(priv);
    const corrections = await venue.reconcile('after downtime');
    expect(corrections).toBeGreaterThanOrEqual(DOWNTIME_ORDERS); // each one learnt only from REST pages
    expect(book.fills - fillsBeforeDowntime).toBeGreaterThanOrEqual(DOWNTIME_ORDERS);
    expect(s.account(KEY).closedOrders.length).toBeGreaterThan(12 * 50);
    expect(book.count((st) => st === 'open')).toBe(1);
    venue.cancel('resting-1');
    await until(() => book.count((st) => st === 'canceled') === 1, 'resting order canceled');
    await armDeadman(priv, rest, 0, log);

    // ---- the end state
    expect(book.open()).toEqual([]);
    expect(book.count((st) => st === 'rejected')).toBe(0); // nothing declared "never placed"
    const venueNow = balancesFromBalanceEx(await rest.balanceEx());
    for (const asset of ['BTC', 'USD']) {
      expect(venueNow[asset].held, `${asset} held`).toBe(0n);
      expect(book.balance(asset), `${asset} ledger`).toBe(venueNow[asset].total === 0n ? '0' : formatTotal(venueNow[asset].total));
    }
    expect(s.account(KEY).openOrders).toEqual([]);
    priv.close();
    await rest.close();
  }, 120_000);
});

function formatTotal(v: bigint): string {
  return new SessionBook({ X: v }).balance('X');
}
