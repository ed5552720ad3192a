/**
 * A lost executions frame: the venue adapter sees a later fill whose cum_qty is above what it
 * booked, asks for reconciliation instead of booking it, and reconciliation books every fill
 * from TradesHistory in order, so the order completes with its full quantity and the ledger
 * matches the venue.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { parseFixed } from '../../../src/core/decimal/fixed.ts';
import { balancesFromBalanceEx } from '../../../src/live/kraken/rest/spendable-balances.ts';
import type { KrakenSimulator } from '../../../src/live/sim/simulator.ts';
import { KrakenVenue } from '../../../src/live/venue/kraken-venue.ts';
import { restClient, startSim, subscribed, T0, until, wsClients } from './harness.ts';
import { SessionBook } from './session-book.ts';

let sim: KrakenSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe('a lost trade frame', () => {
  it('is recovered by reconciliation; the order completes with its full quantity', async () => {
    sim = await startSim({}, ['30010.0', '30010.0']);
    const s = sim;
    const rest = restClient(s);
    const { priv } = wsClients(s, rest);
    const start = balancesFromBalanceEx(await rest.balanceEx());
    const book = new SessionBook({ BTC: start.BTC.total, USD: start.USD.total });
    const warns: string[] = [];
    const log = { info: () => {}, warn: (_f: Record<string, unknown>, m: string) => void warns.push(m), error: () => {} };
    const venue = new KrakenVenue({ ws: priv, rest, emit: (ev) => book.apply(ev), openKernelOrders: () => book.open(), log, now: () => s.now() });
    venue.live = true;
    priv.connect();
    priv.subscribe({ channel: 'executions' });
    await subscribed(priv);
    const order = {
      clientId: 'gap-1', pair: 'BTC/USD', pairIndex: 0, side: 'sell' as const, type: 'limit' as const, qty: parseFixed('0.005'), quoteQty: undefined,
      limitPrice: parseFixed('30005.0'), triggerPrice: undefined, trailOffset: undefined, trailIsPercent: false, postOnly: false, timeInForce: 'gtc' as const, expireAt: undefined,
    };
    book.add(order);
    venue.submit(order);
    await until(() => book.count((st) => st === 'open') === 1, 'acknowledged');
    s.faults.partialFills(0.0025);
    s.faults.dropNextExecutions(1);
    s.advanceTo(T0 + 2000);
    await until(() => book.count((st) => st === 'filled') === 1, 'filled after reconciliation');
    expect(warns).toContain('execution report shows missed fills; reconciling');
    expect(book.orders.get('gap-1')?.filled).toBe(parseFixed('0.005'));
    expect(book.fills).toBe(2);
    const end = balancesFromBalanceEx(await rest.balanceEx());
    expect(book.balance('BTC')).toBe(new SessionBook({ X: end.BTC.total }).balance('X'));
    expect(book.balance('USD')).toBe(new SessionBook({ X: end.USD.total }).balance('X'));
    priv.close();
    await rest.close();
  });
});
