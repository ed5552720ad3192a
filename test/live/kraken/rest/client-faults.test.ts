import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { krakenCredentials } from '../../../../src/live/kraken/auth/secrets.ts';
import { KrakenRestClient } from '../../../../src/live/kraken/rest/client.ts';
import { ManualClock } from '../../../../src/live/kraken/rest/clock.ts';
import {
  KrakenInsufficientFunds,
  KrakenInvalidKey,
  KrakenInvalidSignature,
  KrakenOutcomeUnknown,
  KrakenRateLimit,
  KrakenServiceUnavailable,
  KrakenTransportError,
} from '../../../../src/live/kraken/rest/errors.ts';
import { TEST_KEY, TEST_SECRET } from './fixtures.ts';
import { closeAllHarnesses, startHarness, type Harness } from './harness.ts';

let h: Harness;
afterEach(closeAllHarnesses);

const order = { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', volume: '0.01', price: '30000.1' } as const;

/** A TCP port with nothing listening. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe('retries', () => {
  it('retries a public call on EService:Unavailable with growing jittered backoff', async () => {
    h = await startHarness();
    h.fake.script('Ticker', { kind: 'errors', errors: ['EService:Unavailable'] }, { kind: 'errors', errors: ['EService:Busy'] });
    const r = await h.client.ticker({ pair: ['XBTUSD'] });
    expect(r.XXBTZUSD).toBeDefined();
    expect(h.fake.calls('Ticker')).toHaveLength(3);
    // base 100 ms: retry 1 in [50, 100], retry 2 in [100, 200]
    expect(h.sleeps).toHaveLength(2);
    expect(h.sleeps[0]).toBeGreaterThanOrEqual(50);
    expect(h.sleeps[0]).toBeLessThanOrEqual(100);
    expect(h.sleeps[1]).toBeGreaterThanOrEqual(100);
    expect(h.sleeps[1]).toBeLessThanOrEqual(200);
  });

  it('gives up after maxAttempts and throws the last error', async () => {
    h = await startHarness({ retry: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1_000 } });
    h.fake.script('Time', ...Array.from({ length: 5 }, () => ({ kind: 'errors' as const, errors: ['EService:Unavailable'] })));
    await expect(h.client.time()).rejects.toBeInstanceOf(KrakenServiceUnavailable);
    expect(h.fake.calls('Time')).toHaveLength(3);
  });

  it('retries a read-only private call after a dropped connection and a 502 page', async () => {
    h = await startHarness();
    h.fake.script('Balance', { kind: 'drop' }, { kind: 'raw', status: 502, body: '<html>bad gateway</html>' });
    const r = await h.client.balance();
    expect(r.ZUSD).toBe('22.6354');
    expect(h.fake.calls('Balance')).toHaveLength(3);
  });

  it('does NOT retry AddOrder on EService:Unavailable: the outcome is unknown', async () => {
    h = await startHarness();
    h.fake.script('AddOrder', { kind: 'errors', errors: ['EService:Unavailable'] });
    const err = (await h.client.addOrder({ ...order, cl_ord_id: 'unavail-1' }).catch((e: unknown) => e)) as KrakenOutcomeUnknown;
    expect(err).toBeInstanceOf(KrakenOutcomeUnknown);
    expect(err.clOrdId).toBe('unavail-1');
    expect(err.cause).toBeInstanceOf(KrakenServiceUnavailable);
    expect(h.fake.calls('AddOrder')).toHaveLength(1);
    expect(h.sleeps).toEqual([]);
  });

  it('does NOT retry CancelOrder after a dropped connection', async () => {
    h = await startHarness();
    h.fake.script('CancelOrder', { kind: 'drop' });
    const err = (await h.client.cancelOrder({ txid: 'OABCDE-FGHIJ-KLMNOP' }).catch((e: unknown) => e)) as KrakenOutcomeUnknown;
    expect(err).toBeInstanceOf(KrakenOutcomeUnknown);
    expect(err.target).toBe('OABCDE-FGHIJ-KLMNOP');
    expect(h.fake.calls('CancelOrder')).toHaveLength(1);
  });

  it('an AddOrder rejection that proves no execution is thrown as itself, not as unknown', async () => {
    h = await startHarness();
    h.fake.script('AddOrder', { kind: 'errors', errors: ['EOrder:Insufficient funds'] });
    await expect(h.client.addOrder(order)).rejects.toBeInstanceOf(KrakenInsufficientFunds);
    expect(h.fake.calls('AddOrder')).toHaveLength(1);
  });

  it('retries AddOrder after EAPI:Invalid nonce (rejected before execution) with a fresh nonce', async () => {
    h = await startHarness();
    h.fake.script('AddOrder', { kind: 'errors', errors: ['EAPI:Invalid nonce'] });
    const r = await h.client.addOrder({ ...order, cl_ord_id: 'nonce-retry' });
    expect(r.txid).toHaveLength(1);
    const [first, second] = h.fake.calls('AddOrder');
    expect(BigInt(second.params.get('nonce')!)).toBeGreaterThan(BigInt(first.params.get('nonce')!));
    expect(second.params.get('cl_ord_id')).toBe('nonce-retry');
    expect(h.fake.orders.size).toBe(1);
  });

  it('retries AddOrder when the connection was refused (nothing was sent), then reports not-sent', async () => {
    const port = await closedPort();
    const clock = new ManualClock(0);
    const client = new KrakenRestClient({
      baseUrl: `http://127.0.0.1:${port}`,
      credentials: krakenCredentials(TEST_KEY, TEST_SECRET),
      rateLimiter: false,
      retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 10 },
      clock,
      sleep: clock.sleep,
    });
    try {
      const err = (await client.addOrder(order).catch((e: unknown) => e)) as KrakenTransportError;
      expect(err).toBeInstanceOf(KrakenTransportError);
      expect(err.failure).toBe('not-sent');
      expect(err.provesNotExecuted).toBe(true);
    } finally {
      await client.close();
    }
  });
});

describe('rate limiting against a server that enforces the call counter', () => {
  const starter = { max: 15, decayPerSecond: 0.33 };

  it('with the limiter on, a burst of 50 private calls stays under the counter', async () => {
    const clock = new ManualClock(0);
    h = await startHarness({ rateLimiter: { tier: 'starter' }, retry: { maxAttempts: 1 } }, { counter: { clock, ...starter } }, clock);
    const results = await Promise.allSettled(Array.from({ length: 50 }, (_, i) => (i % 5 === 0 ? h.client.ledgers() : h.client.balance())));
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(h.fake.requests).toHaveLength(50);
    expect(h.fake.maxCounterSeen).toBeLessThanOrEqual(15);
    expect(h.fake.maxCounterSeen).toBeGreaterThan(13); // it used the budget, not just idled
    // 60 cost units at 0.33/s after a burst of 15: the limiter must have waited ~136 s of fake time.
    expect(clock.now()).toBeGreaterThan(130_000);
  });

  it('with the limiter off, the same burst runs into EAPI:Rate limit exceeded', async () => {
    const clock = new ManualClock(0);
    h = await startHarness({ rateLimiter: false, retry: { maxAttempts: 1 } }, { counter: { clock, ...starter } }, clock);
    const results = await Promise.allSettled(Array.from({ length: 50 }, () => h.client.balance()));
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(15);
    expect(rejected).toHaveLength(35);
    for (const r of rejected) {
      expect(r.reason).toBeInstanceOf(KrakenRateLimit);
      expect((r.reason as KrakenRateLimit).scope).toBe('api');
    }
  });

  it('an EAPI:Rate limit answer makes the limiter back off before the retry', async () => {
    const clock = new ManualClock(0);
    h = await startHarness({ rateLimiter: { tier: 'starter' } }, {}, clock);
    h.fake.script('Balance', { kind: 'errors', errors: ['EAPI:Rate limit exceeded'] });
    await h.client.balance();
    expect(h.fake.calls('Balance')).toHaveLength(2);
    // The saturated counter needs ~3 s (1 / 0.33) before one more call fits.
    expect(clock.now()).toBeGreaterThanOrEqual(3_000);
  });
});

describe('secrets never leak', () => {
  /** Everything observable about an error: message, stack, inspect with hidden fields, JSON, cause chain. */
  function everythingAbout(err: unknown): string {
    const parts: string[] = [];
    let e: unknown = err;
    for (let depth = 0; e && depth < 5; depth++) {
      parts.push(String(e), (e as Error).stack ?? '', inspect(e, { depth: 10, showHidden: true }), JSON.stringify(e) ?? '');
      e = (e as Error).cause;
    }
    return parts.join('\n');
  }

  it('no key or secret in logs or errors of failing calls', async () => {
    h = await startHarness({ timeoutMs: 150, retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 } });
    const leakyPage = `<html>echo: API-Key ${TEST_KEY} secret ${TEST_SECRET} ${encodeURIComponent(TEST_SECRET)}</html>`;
    h.fake.script('Balance', { kind: 'raw', status: 502, body: leakyPage }, { kind: 'raw', status: 502, body: leakyPage });
    h.fake.script('TradeBalance', { kind: 'errors', errors: ['EAPI:Invalid key'] });
    h.fake.script('OpenOrders', { kind: 'json', body: { error: [`WGeneral:echo ${TEST_KEY}`], result: { open: { x: TEST_SECRET } } } });
    h.fake.script('AddOrder', { kind: 'hang' });
    h.fake.script('Ledgers', { kind: 'drop' }, { kind: 'drop' });
    const errors: unknown[] = await Promise.all([
      h.client.balance().catch((e: unknown) => e),
      h.client.tradeBalance().catch((e: unknown) => e),
      h.client.openOrders().catch((e: unknown) => e),
      h.client.addOrder(order).catch((e: unknown) => e),
      h.client.ledgers().catch((e: unknown) => e),
    ]);
    expect(errors.every((e) => e instanceof Error)).toBe(true);
    expect(errors[0]).toBeInstanceOf(KrakenTransportError);
    expect(errors[1]).toBeInstanceOf(KrakenInvalidKey);
    expect(errors[3]).toBeInstanceOf(KrakenOutcomeUnknown);

    const wrong = new KrakenRestClient({ baseUrl: h.fake.url, credentials: krakenCredentials(TEST_KEY, 'QUJDREVGR0hJSktMTU5PUA=='), rateLimiter: false });
    errors.push(await wrong.balance().catch((e: unknown) => e));
    await wrong.close();
    expect(errors[5]).toBeInstanceOf(KrakenInvalidSignature);

    const observed = errors.map(everythingAbout).join('\n') + JSON.stringify(h.logs) + inspect(h.client, { depth: 10, showHidden: true });
    expect(h.logs.length).toBeGreaterThan(5);
    expect(observed).toContain('[redacted]'); // the echo page was scrubbed, not dropped
    for (const secret of [TEST_KEY, TEST_SECRET, encodeURIComponent(TEST_SECRET), 'QUJDREVGR0hJSktMTU5PUA==']) {
      expect(observed).not.toContain(secret);
    }
  });
});
