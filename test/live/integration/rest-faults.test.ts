/**
 * REST client against the simulator's REST faults: transient errors are retried for reads,
 * never for AddOrder, and the private call counter is respected by the client's limiter.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KrakenOutcomeUnknown, KrakenRateLimit } from '../../../src/live/kraken/rest/errors.ts';
import type { KrakenRestClient } from '../../../src/live/kraken/rest/client.ts';
import { ManualClock } from '../../../src/live/kraken/rest/clock.ts';
import type { KrakenSimulator } from '../../../src/live/sim/simulator.ts';
import { KEY, restClient, startSim } from './harness.ts';

let sim: KrakenSimulator;
let rest: KrakenRestClient;
let warnings: object[];

beforeEach(async () => {
  sim = await startSim();
  warnings = [];
  const log = (fields: object) => void warnings.push(fields);
  rest = restClient(sim, { logger: { debug: () => {}, info: () => {}, warn: log, error: log } });
});
afterEach(async () => {
  await rest.close();
  await sim.close();
});

describe('transient errors on reads are retried', () => {
  it.each([
    ['EAPI:Rate limit exceeded on a private query', () => sim.faults.rateLimitNext(2), () => rest.balance()],
    ['EService:Unavailable on a public call', () => sim.faults.serviceUnavailableNext(2), () => rest.ticker({ pair: ['XBTUSD'] })],
    ['HTTP 503 with an HTML body on a public call', () => sim.faults.serviceUnavailableNext(2, { http: true }), () => rest.time()],
    ['EService:Unavailable on a private query', () => sim.faults.serviceUnavailableNext(2), () => rest.openOrders()],
  ] as const)('%s', async (_name, arm, call) => {
    arm();
    await expect(call()).resolves.toBeDefined();
    expect(warnings.filter((w) => (w as { attempt?: number }).attempt !== undefined)).toHaveLength(2);
    expect(sim.faults.rateLimitPending + sim.faults.unavailablePending).toBe(0);
  });
});

describe('AddOrder is never retried on an ambiguous error', () => {
  it.each([
    ['EService:Unavailable', { http: false }],
    ['HTTP 503', { http: true }],
  ] as const)('%s -> outcome unknown with the cl_ord_id, and no order was placed by a retry', async (_name, opts) => {
    sim.faults.serviceUnavailableNext(1, opts);
    const err = await rest.addOrder({ pair: 'XBTUSD', type: 'buy', ordertype: 'limit', volume: '0.01', price: '29000.0', cl_ord_id: 'unavail-1' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KrakenOutcomeUnknown);
    expect((err as KrakenOutcomeUnknown).clOrdId).toBe('unavail-1');
    // One fault was armed: a retry would have gone through and placed the order.
    expect(sim.account(KEY).openOrders).toHaveLength(0);
    expect(sim.faults.unavailablePending).toBe(0);
  });
});

describe('private call counter', () => {
  /** Client clock and simulator time move together: waiting in the client advances the exchange. */
  async function burst(limiterOn: boolean): Promise<{ ok: number; rateLimited: number }> {
    const clock = new ManualClock(sim.now());
    const client = restClient(sim, {
      clock,
      sleep: async (ms) => {
        await clock.sleep(ms);
        sim.advanceTo(Math.round(clock.now()));
      },
      rateLimiter: limiterOn ? { tier: 'starter' } : false,
      retry: { maxAttempts: 1 },
    });
    let ok = 0;
    let rateLimited = 0;
    try {
      const calls = Array.from({ length: 30 }, (_, i) => (i % 5 === 4 ? () => client.ledgers() : () => client.balance()));
      await Promise.all(
        calls.map((call) =>
          call().then(
            () => ok++,
            (e: unknown) => {
              if (e instanceof KrakenRateLimit) rateLimited++;
              else throw e;
            },
          ),
        ),
      );
    } finally {
      await client.close();
    }
    return { ok, rateLimited };
  }

  it('a burst of 30 private calls (some costing 2) never hits EAPI:Rate limit exceeded with the limiter on', async () => {
    expect(await burst(true)).toEqual({ ok: 30, rateLimited: 0 });
    expect(sim.now()).toBeGreaterThan(Date.parse('2024-01-01T00:00:00Z')); // the limiter did make it wait
  });

  it('the same burst without the limiter is refused by the simulator', async () => {
    const r = await burst(false);
    expect(r.rateLimited).toBeGreaterThan(0);
    expect(r.ok + r.rateLimited).toBe(30);
  });
});
