import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KrakenRestClient } from '../../../../src/live/kraken/rest/client.ts';
import { ManualClock } from '../../../../src/live/kraken/rest/clock.ts';
import {
  API_COUNTER_LIMITS,
  DecayingCounter,
  KrakenRateLimiter,
  RateLimiterClosedError,
  apiCounterCost,
  matchingEngineCost,
  type MatchingEngineTransaction,
} from '../../../../src/live/kraken/rest/rate-limiter.ts';

describe('apiCounterCost', () => {
  it.each([
    ['Balance', 1],
    ['OpenOrders', 1],
    ['ClosedOrders', 1],
    ['GetWebSocketsToken', 1],
    ['Ledgers', 2],
    ['TradesHistory', 2],
    ['QueryLedgers', 2],
    ['QueryTrades', 2],
    ['AddOrder', 0],
    ['CancelOrder', 0],
  ])('%s costs %d', (method, cost) => {
    expect(apiCounterCost(method)).toBe(cost);
  });

  it('history cost is configurable (one docs page says 4)', () => {
    expect(apiCounterCost('Ledgers', 4)).toBe(4);
  });
});

describe('matchingEngineCost follows the README 7.2 table', () => {
  const ages = [0, 4_999, 5_000, 9_999, 10_000, 14_999, 15_000, 44_999, 45_000, 89_999, 90_000, 299_999, 300_000];
  const table: Record<'amend' | 'edit' | 'cancel', number[]> = {
    //        <5s      <10s     <15s     <45s     <90s      <300s     >=300s
    amend: [4, 4, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1, 1],
    edit: [7, 7, 6, 6, 5, 5, 3, 3, 2, 2, 1, 1, 1],
    cancel: [8, 8, 6, 6, 5, 5, 4, 4, 2, 2, 1, 1, 0],
  };
  for (const kind of ['amend', 'edit', 'cancel'] as const) {
    it.each(ages.map((age, i) => [age, table[kind][i]] as const))(`${kind} at age %d ms costs %d`, (age, cost) => {
      expect(matchingEngineCost(kind, age)).toBe(cost);
    });
  }
  it.each([
    ['add', undefined, 1, 1],
    ['batch-add', undefined, 10, 5],
    ['batch-cancel', 1_000, 3, 24],
    ['batch-cancel', 60_000, 3, 6],
    ['cancel', undefined, 1, 8],
  ] as const)('%s (age %s, n=%d) costs %d', (tx, age, n, cost) => {
    expect(matchingEngineCost(tx as MatchingEngineTransaction, age, n)).toBe(cost);
  });
});

describe('DecayingCounter', () => {
  it('decays linearly and reports the wait for a cost to fit', () => {
    const c = new DecayingCounter({ max: 15, decayPerSecond: 0.33 }, 0);
    c.add(15, 0);
    expect(c.waitMs(1, 0)).toBe(Math.ceil((1 / 0.33) * 1000));
    expect(c.levelAt(3_000)).toBeCloseTo(15 - 0.99, 9);
    expect(c.waitMs(1, 10_000)).toBe(0);
  });

  it('a cost above max fits once the counter is empty', () => {
    const c = new DecayingCounter({ max: 2, decayPerSecond: 1 }, 0);
    expect(c.waitMs(5, 0)).toBe(0);
    c.add(5, 0);
    expect(c.waitMs(5, 0)).toBe(5_000);
  });
});

describe('KrakenRateLimiter', () => {
  it('property: admitted private calls never push the modelled counter over max', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('starter', 'intermediate', 'pro' as const),
        fc.array(fc.tuple(fc.constantFrom('Balance', 'Ledgers', 'OpenOrders', 'TradesHistory', 'AddOrder'), fc.nat(3_000)), { maxLength: 60 }),
        async (tier, calls) => {
          const clock = new ManualClock(0);
          const limiter = new KrakenRateLimiter({ tier, clock, sleep: clock.sleep, publicLimits: false });
          for (const [method, gapMs] of calls) {
            clock.advance(gapMs);
            await limiter.acquirePrivate(method);
            expect(limiter.apiCounterLevel()).toBeLessThanOrEqual(API_COUNTER_LIMITS[tier].max + 1e-9);
          }
        },
      ),
      { numRuns: 50 },
    );
  });

  it('serves concurrent waiters in FIFO order and spaces them by the decay rate', async () => {
    const clock = new ManualClock(0);
    const sleeps: number[] = [];
    const sleep = (ms: number) => (sleeps.push(ms), clock.sleep(ms));
    const limiter = new KrakenRateLimiter({ tier: 'pro', clock, sleep });
    const admitted: number[] = [];
    await Promise.all(Array.from({ length: 25 }, (_, i) => limiter.acquirePrivate('Balance').then(() => admitted.push(i))));
    expect(admitted).toEqual([...Array(25).keys()]);
    // Pro (max 20, 1/s): 20 at once, then each further call waits one second.
    expect(sleeps).toEqual([1_000, 1_000, 1_000, 1_000, 1_000]);
    expect(clock.now()).toBe(5_000);
  });

  it('after EAPI:Rate limit exceeded it assumes the counter is full', async () => {
    const clock = new ManualClock(0);
    const limiter = new KrakenRateLimiter({ tier: 'starter', clock, sleep: clock.sleep });
    limiter.onApiRateLimitExceeded();
    await limiter.acquirePrivate('Balance');
    expect(clock.now()).toBe(Math.ceil(1000 / 0.33));
  });

  it('throttles AddOrder per pair on the matching-engine counter and prices cancels by order age', async () => {
    const clock = new ManualClock(0);
    const limiter = new KrakenRateLimiter({ tier: 'starter', clock, sleep: clock.sleep });
    for (let i = 0; i < 60; i++) await limiter.acquireAddOrder('XBTUSD');
    expect(clock.now()).toBe(0);
    await limiter.acquireAddOrder('ETHUSD'); // other pair: own counter
    expect(clock.now()).toBe(0);
    await limiter.acquireAddOrder('XBTUSD'); // 61st on XBTUSD waits 1 s (starter decays 1/s)
    expect(clock.now()).toBe(1_000);

    limiter.recordPlaced('ETHUSD', ['OID-1', 'my-cl-id']);
    // ETHUSD's single add has decayed during the 1 s wait; a cancel at age 0 adds 8.
    await limiter.acquireCancelOrder('OID-1');
    expect(limiter.matchingEngineLevel('ETHUSD')).toBe(8);
    clock.advance(100_000);
    await limiter.acquireCancelOrder('my-cl-id'); // age 100 s: +1 (the 8 decayed to 0)
    expect(limiter.matchingEngineLevel('ETHUSD')).toBe(1);
    await limiter.acquireCancelOrder('SOMEONE-ELSE'); // unknown: not throttled
  });

  it('disabled: never waits', async () => {
    const clock = new ManualClock(0);
    const limiter = new KrakenRateLimiter({ enabled: false, clock, sleep: clock.sleep });
    for (let i = 0; i < 100; i++) {
      await limiter.acquirePrivate('Ledgers');
      await limiter.acquirePublic();
      await limiter.acquireAddOrder('XBTUSD');
    }
    expect(clock.now()).toBe(0);
  });

  it('public budget: burst of 2, then one per second', async () => {
    const clock = new ManualClock(0);
    const limiter = new KrakenRateLimiter({ clock, sleep: clock.sleep });
    const at: number[] = [];
    for (let i = 0; i < 4; i++) {
      await limiter.acquirePublic();
      at.push(clock.now());
    }
    expect(at).toEqual([0, 0, 1_000, 2_000]);
  });
});

describe('KrakenRateLimiter.close', () => {
  it('a call waiting for room rejects at once (never sent), its real timer is cleared, later calls reject too', async () => {
    const limiter = new KrakenRateLimiter({ tier: 'starter' }); // real clock and sleep: the timer is what must not outlive close
    for (let i = 0; i < API_COUNTER_LIMITS.starter.max; i++) await limiter.acquirePrivate('Balance');
    const waiting = limiter.acquirePrivate('Balance'); // the counter is full: this one sleeps ~3 s
    await new Promise((r) => setImmediate(r)); // its sleep has started
    const before = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    limiter.close();
    await expect(waiting).rejects.toThrow(RateLimiterClosedError);
    expect(process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length).toBeLessThan(before);
    await expect(limiter.acquirePrivate('Balance')).rejects.toThrow('rate limiter closed: the call was not sent');
    expect(limiter.closed).toBe(true);
  });

  it('a client closes the limiter it made, not one it was given', async () => {
    const shared = new KrakenRateLimiter();
    await new KrakenRestClient({ rateLimiter: shared, transport: { send: () => Promise.reject(new Error('unused')), close: async () => {} } }).close();
    expect(shared.closed).toBe(false);
    const own = new KrakenRestClient({ transport: { send: () => Promise.reject(new Error('unused')), close: async () => {} } });
    await own.close();
    expect(own.rateLimiter.closed).toBe(true);
  });
});
