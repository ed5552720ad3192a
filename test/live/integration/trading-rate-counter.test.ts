/**
 * Kraken's per-pair trading counter counts every order, WS or REST, decays over time and
 * penalises cancelling young orders (docs.kraken.com/api/docs/guides/spot-ratelimits, "Trading
 * rate limits"; README 7.2): the client models it once, shared by both paths.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/live/kraken/rest/clock.ts';
import { KrakenRateLimiter } from '../../../src/live/kraken/rest/rate-limiter.ts';
import type { KrakenSimulator } from '../../../src/live/sim/simulator.ts';
import { restClient, startSim, subscribed, wsClients } from './harness.ts';

let sim: KrakenSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe('trading rate counter shared by WS and REST orders', () => {
  it('counts WS and REST adds on one per-pair counter, young cancels cost +8, the counter decays', async () => {
    sim = await startSim();
    const clock = new ManualClock(0);
    const limiter = new KrakenRateLimiter({ tier: 'starter', clock, sleep: clock.sleep });
    const rest = restClient(sim, { rateLimiter: limiter });
    const { priv } = wsClients(sim, rest, { rateLimiter: limiter });
    priv.connect();
    priv.subscribe({ channel: 'executions' });
    await subscribed(priv);

    for (let i = 0; i < 3; i++) {
      const out = await priv.addOrder({ order_type: 'limit', side: 'buy', order_qty: '0.001', limit_price: '29000.0', symbol: 'BTC/USD', cl_ord_id: `ws-${i}` });
      expect(out.status).toBe('accepted');
    }
    for (let i = 0; i < 2; i++) await rest.addOrder({ pair: 'XBTUSD', type: 'buy', ordertype: 'limit', volume: '0.001', price: '29000.0', cl_ord_id: `rest-${i}` });
    expect(limiter.matchingEngineLevel('BTC/USD')).toBe(5);
    expect(limiter.matchingEngineLevel('XBTUSD')).toBe(5); // one pair, whatever the spelling

    await priv.cancelOrder({ cl_ord_id: ['ws-0'] }); // younger than 5 s: +8
    expect(limiter.matchingEngineLevel('BTC/USD')).toBe(13);
    clock.advance(100_000); // starter decays 1 per second
    expect(limiter.matchingEngineLevel('BTC/USD')).toBe(0);
    await priv.cancelOrder({ cl_ord_id: ['ws-1'] }); // 100 s old: +1 (< 300 s)
    expect(limiter.matchingEngineLevel('BTC/USD')).toBe(1);
    priv.close();
    await rest.close();
  });

  it('waits instead of collecting EOrder:Rate limit exceeded when the counter is full', async () => {
    sim = await startSim();
    const clock = new ManualClock(0);
    const s = sim;
    // The client's waiting moves the exchange's time too (one clock for both sides).
    const sleep = async (ms: number) => {
      await clock.sleep(ms);
      s.advanceBy(ms);
    };
    const limiter = new KrakenRateLimiter({ tier: 'starter', clock, sleep });
    const rest = restClient(sim, { rateLimiter: limiter });
    const { priv } = wsClients(sim, rest, { rateLimiter: limiter });
    priv.connect();
    priv.subscribe({ channel: 'executions' });
    await subscribed(priv);
    for (let i = 0; i < 65; i++) {
      // IOC below the market: expires at once, so the open-order cap (60 at Starter) is not the limit hit.
      const out = await priv.addOrder({ order_type: 'limit', side: 'buy', order_qty: '0.001', limit_price: '29000.0', symbol: 'BTC/USD', cl_ord_id: `w${i}`, time_in_force: 'ioc' });
      expect(out.status, `order ${i}: ${JSON.stringify(out)}`).toBe('accepted');
    }
    expect(clock.now()).toBeGreaterThanOrEqual(5_000); // orders 61-65 each waited ~1 s for the counter to decay
    priv.close();
    await rest.close();
  });
});
