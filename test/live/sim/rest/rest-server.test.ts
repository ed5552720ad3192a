import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { krakenSignature } from '../../../../src/live/sim/auth/signature.ts';
import type { KrakenSimulator } from '../../../../src/live/sim/simulator.ts';
import { fixture, KEY, RestCaller, SECRET, shapeMismatches, startSim, T0 } from '../helpers.ts';

let sim: KrakenSimulator;
let api: RestCaller;

beforeEach(async () => {
  sim = await startSim();
  api = new RestCaller(sim.restUrl);
});
afterEach(async () => {
  await sim.close();
});

/** Puts the account in a state where every private endpoint has something to show. */
async function populate(): Promise<string> {
  const filled = await api.priv('AddOrder', { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: '29995.0', volume: '0.5', oflags: 'fciq' });
  expect(filled.body.error).toEqual([]);
  sim.advanceBy(2000); // 29990 prints through 29995
  const open = await api.priv('AddOrder', { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: '25000.0', volume: '1.25', userref: '7' });
  expect(open.body.error).toEqual([]);
  return open.body.result.txid[0];
}

describe('REST public endpoints answer in the fixtures\' shapes', () => {
  it.each([
    ['Time', {}, 'rest-Time.json'],
    ['SystemStatus', {}, 'rest-SystemStatus.json'],
    ['Assets', { asset: 'XBT,USD,EUR' }, 'rest-Assets-sample.json'],
    ['AssetPairs', { pair: 'XXBTZUSD,USDCUSD,ETHXBT' }, 'rest-AssetPairs-sample.json'],
    ['Depth', { pair: 'XBTUSD' }, 'rest-Depth.json'],
    ['Trades', { pair: 'XBTUSD' }, 'rest-Trades.json'],
    ['OHLC', { pair: 'XBTUSD' }, 'rest-OHLC-sample.json'],
  ])('%s', async (method, query, file) => {
    sim.advanceBy(3000);
    const res = await api.pub(method, query as Record<string, string>);
    expect(res.status).toBe(200);
    expect(shapeMismatches(fixture(file), res.body)).toEqual([]);
  });

  it('Ticker is keyed by pair id whichever name was asked, in the fixture shape', async () => {
    const res = await api.pub('Ticker', { pair: 'XBTUSD' });
    expect(Object.keys(res.body.result)).toEqual(['XXBTZUSD']);
    expect(shapeMismatches(fixture('rest-Ticker.json').result.XXBTZUSD, res.body.result.XXBTZUSD)).toEqual([]);
  });

  it('unknown pair and unknown method', async () => {
    expect((await api.pub('Ticker', { pair: 'NOPEUSD' })).body).toEqual({ error: ['EQuery:Unknown asset pair'] });
    const res = await api.pub('Nope');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: ['EGeneral:Unknown method'] });
    expect((await api.priv('Nope')).status).toBe(404);
  });

  it('Trades `last` round-trips as `since` without repeating the last trade', async () => {
    sim.advanceBy(3000);
    const first = await api.pub('Trades', { pair: 'XBTUSD' });
    const rows = first.body.result.XXBTZUSD;
    expect(rows.length).toBeGreaterThan(0);
    const again = await api.pub('Trades', { pair: 'XBTUSD', since: first.body.result.last });
    expect(again.body.result.XXBTZUSD).toEqual([]);
    sim.advanceBy(1000);
    const more = await api.pub('Trades', { pair: 'XBTUSD', since: first.body.result.last });
    expect(more.body.result.XXBTZUSD).toHaveLength(1);
  });

  it('OHLC: rows strictly after `since` plus the current candle; `last` = last committed start', async () => {
    sim.advanceTo(T0 + 120_000);
    sim.injectTrade({ symbol: 'BTC/USD', price: 30100n * 10n ** 18n, qty: 10n ** 18n, side: 'buy', ordType: 'market' });
    const res = await api.pub('OHLC', { pair: 'XXBTZUSD', interval: '1' });
    const rows = res.body.result.XXBTZUSD;
    expect(rows.map((r: any[]) => r[0])).toEqual([T0 / 1000, T0 / 1000 + 120]);
    expect(res.body.result.last).toBe(T0 / 1000);
    const since = await api.pub('OHLC', { pair: 'XXBTZUSD', interval: '1', since: String(T0 / 1000 + 120) });
    expect(since.body.result.XXBTZUSD).toHaveLength(1); // only the current candle
    expect((await api.pub('OHLC', { pair: 'XXBTZUSD', interval: '7' })).body.error).toEqual(['EGeneral:Invalid arguments:interval']);
  });
});

describe('REST private endpoints answer in the fixtures\' shapes', () => {
  it.each([
    ['Balance', {}, 'rest-Balance.json'],
    ['BalanceEx', {}, 'rest-BalanceEx.json'],
    ['TradeBalance', {}, 'rest-TradeBalance.json'],
    ['OpenOrders', { trades: 'true' }, 'rest-OpenOrders.json'],
    ['ClosedOrders', {}, 'rest-ClosedOrders.json'],
    ['TradesHistory', {}, 'rest-TradesHistory.json'],
    ['Ledgers', {}, 'rest-Ledgers.json'],
    ['CancelAllOrdersAfter', { timeout: '60' }, 'rest-CancelAllOrdersAfter.json'],
    ['GetWebSocketsToken', {}, 'rest-GetWebSocketsToken.json'],
  ])('%s', async (method, params, file) => {
    await populate();
    if (method === 'ClosedOrders') {
      // The fixture shows canceled stop-loss-limit orders triggered on the index.
      const add = await api.priv('AddOrder', { pair: 'XBTUSD', type: 'buy', ordertype: 'stop-loss-limit', price: '31000.0', price2: '31100.0', volume: '0.001', trigger: 'index' });
      expect((await api.priv('CancelOrder', { txid: add.body.result.txid[0] })).body.error).toEqual([]);
    }
    const res = await api.priv(method, params as Record<string, string>);
    expect(res.body.error).toEqual([]);
    const fx = fixture(file);
    // The newest open order has no fills yet: compare with the fixture's unfilled entry.
    if (method === 'OpenOrders') delete fx.result.open['OQCLML-BW3P3-BUCMWZ'];
    // Balance-like fixtures hold many assets this account does not have: compare one entry's type.
    if (method === 'Balance') expect(typeof res.body.result.ZUSD).toBe('string');
    else if (method === 'BalanceEx') expect(shapeMismatches(fx.result.ZUSD, res.body.result.ZUSD)).toEqual([]);
    else expect(shapeMismatches(fx, res.body)).toEqual([]);
  });

  it('QueryOrders, AddOrder, AddOrder validate, CancelOrder, CancelAll', async () => {
    const txid = await populate();
    const q = await api.priv('QueryOrders', { txid, trades: 'true' });
    expect(shapeMismatches(fixture('rest-OpenOrders.json').result.open['OB5VMB-B4U2U-DK2WRW'], q.body.result[txid])).toEqual([]);
    const validate = await api.priv('AddOrder', { pair: 'XBTUSD', type: 'buy', ordertype: 'market', volume: '0.002', validate: 'true' });
    expect(validate.body).toEqual({ error: [], result: { descr: { order: 'buy 0.00200000 XBTUSD @ market' } } });
    expect(shapeMismatches(fixture('rest-AddOrder-validate.json'), validate.body)).toEqual([]);
    const add = await api.priv('AddOrder', { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: '20000.0', volume: '0.1' });
    expect(shapeMismatches(fixture('rest-AddOrder.json'), add.body)).toEqual([]);
    expect(add.body.result.txid[0]).toMatch(/^O[A-Z2-7]{5}-[A-Z2-7]{5}-[A-Z2-7]{6}$/);
    expect(add.body.result.descr.order).toBe('buy 0.10000000 XBTUSD @ limit 20000.0');
    const cancel = await api.priv('CancelOrder', { txid: add.body.result.txid[0] });
    expect(cancel.body).toEqual(fixture('rest-CancelOrder.json'));
    expect((await api.priv('CancelOrder', { txid: add.body.result.txid[0] })).body).toEqual({ error: ['EOrder:Unknown order'] });
    expect((await api.priv('CancelAll')).body).toEqual(fixture('rest-CancelAll.json'));
  });

  it('CancelOrder by cl_ord_id and by userref', async () => {
    await api.priv('AddOrder', { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: '20000.0', volume: '0.1', cl_ord_id: 'my-order-1' });
    await api.priv('AddOrder', { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: '20000.0', volume: '0.1', userref: '42' });
    await api.priv('AddOrder', { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: '20000.0', volume: '0.1', userref: '42' });
    expect((await api.priv('CancelOrder', { cl_ord_id: 'my-order-1' })).body.result).toEqual({ count: 1 });
    expect((await api.priv('CancelOrder', { txid: '42' })).body.result).toEqual({ count: 2 });
    expect(sim.account(KEY).openOrders).toHaveLength(0);
  });

  it('accepts JSON bodies (nonce read exactly, even above 2^53)', async () => {
    const res = await api.priv('Balance', {}, { json: true, nonce: 1_700_000_000_000_000_001n });
    expect(res.body.error).toEqual([]);
    expect(res.body.result.ZUSD).toBe('100000.0000');
  });
});

describe('REST authentication', () => {
  it('accepts the official test vector request byte for byte', async () => {
    const v = fixture('auth-test-vector.json').vectors[0];
    const res = await fetch(sim.restUrl + v.uriPath, {
      method: 'POST',
      headers: { 'API-Key': KEY, 'API-Sign': v.expectedApiSign, 'Content-Type': v.contentType },
      body: v.postData,
    });
    const body = (await res.json()) as any;
    expect(body.error).toEqual([]);
    expect(body.result.txid).toHaveLength(1);
  });

  it.each([
    ['unknown key', { key: 'nobody' }, 'EAPI:Invalid key'],
    ['wrong signature', { sign: 'AAAA' }, 'EAPI:Invalid signature'],
    ['signature over another secret', { secret: Buffer.from('x'.repeat(64)).toString('base64') }, 'EAPI:Invalid signature'],
  ])('rejects %s', async (_name, o: { key?: string; sign?: string; secret?: string }, error) => {
    const caller = new RestCaller(sim.restUrl, o.key ?? KEY, o.secret ?? SECRET);
    expect((await caller.priv('Balance', {}, { sign: o.sign })).body).toEqual({ error: [error] });
  });

  it('rejects a nonce that does not increase', async () => {
    expect((await api.priv('Balance', {}, { nonce: 100n })).body.error).toEqual([]);
    expect((await api.priv('Balance', {}, { nonce: 100n })).body).toEqual({ error: ['EAPI:Invalid nonce'] });
    expect((await api.priv('Balance', {}, { nonce: 99n })).body).toEqual({ error: ['EAPI:Invalid nonce'] });
    expect((await api.priv('Balance', {}, { nonce: 101n })).body.error).toEqual([]);
  });

  it('signs the path only: a request signed for another method fails', async () => {
    const body = 'nonce=5';
    const res = await fetch(`${sim.restUrl}/0/private/Balance`, {
      method: 'POST',
      headers: { 'API-Key': KEY, 'API-Sign': krakenSignature('/0/private/BalanceEx', '5', body, SECRET), 'Content-Type': 'application/x-www-form-urlencoded' },
      body,
    });
    expect(await res.json()).toEqual({ error: ['EAPI:Invalid signature'] });
  });
});

describe('REST call counter', () => {
  it('trips on a burst (intermediate tier: 20) and recovers after decay in simulator time', async () => {
    const results: string[][] = [];
    for (let i = 0; i < 22; i++) results.push((await api.priv('Balance')).body.error);
    expect(results.slice(0, 20).every((e) => e.length === 0)).toBe(true);
    expect(results[20]).toEqual(['EAPI:Rate limit exceeded']);
    sim.advanceBy(1000); // decays 0.5: still full
    expect((await api.priv('Balance')).body.error).toEqual(['EAPI:Rate limit exceeded']);
    sim.advanceBy(1000); // decayed 1.0 in total
    expect((await api.priv('Balance')).body.error).toEqual([]);
    // Ledger/history calls cost 2: at 19 a Ledgers call is refused while a cost-1 call passes.
    sim.advanceBy(6000); // 20 -> 17
    expect((await api.priv('Ledgers')).body.error).toEqual([]); // 19
    expect((await api.priv('Ledgers')).body.error).toEqual(['EAPI:Rate limit exceeded']);
    expect((await api.priv('Balance')).body.error).toEqual([]); // 20
  });

  it('AddOrder does not touch the counter', async () => {
    for (let i = 0; i < 20; i++) await api.priv('Balance');
    const add = await api.priv('AddOrder', { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: '20000.0', volume: '0.1' });
    expect(add.body.error).toEqual([]);
  });

  it('can be switched off', async () => {
    await sim.close();
    sim = await startSim({ rateLimit: { enabled: false } });
    api = new RestCaller(sim.restUrl);
    for (let i = 0; i < 30; i++) expect((await api.priv('Balance')).body.error).toEqual([]);
  });
});

describe('REST faults', () => {
  it('rateLimitNext(n) fails the next n private calls', async () => {
    sim.faults.rateLimitNext(2);
    expect((await api.priv('Balance')).body).toEqual({ error: ['EAPI:Rate limit exceeded'] });
    expect((await api.priv('Balance')).body).toEqual({ error: ['EAPI:Rate limit exceeded'] });
    expect((await api.priv('Balance')).body.error).toEqual([]);
  });

  it('serviceUnavailableNext(n) answers EService:Unavailable, or HTTP 503 with a non-JSON body', async () => {
    sim.faults.serviceUnavailableNext(1);
    expect((await api.pub('Time')).body).toEqual({ error: ['EService:Unavailable'] });
    sim.faults.serviceUnavailableNext(1, { http: true });
    const res = await fetch(`${sim.restUrl}/0/public/Time`);
    expect(res.status).toBe(503);
    expect(await res.text()).toMatch(/^<html>/);
    expect((await api.pub('Time')).status).toBe(200);
  });

  it('swallowNextOrderResponse: the order exists but the response never comes (hang and close)', async () => {
    sim.faults.swallowNextOrderResponse({ mode: 'close' });
    await expect(api.priv('AddOrder', { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: '20000.0', volume: '0.1' })).rejects.toThrow();
    expect(sim.account(KEY).openOrders).toHaveLength(1);

    sim.faults.swallowNextOrderResponse();
    const ctrl = new AbortController();
    const pending = api.priv('AddOrder', { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: '20000.0', volume: '0.1' });
    const hung = fetchWithSignal(pending, ctrl);
    await waitFor(() => sim.account(KEY).openOrders.length === 2);
    ctrl.abort();
    await expect(hung).rejects.toThrow(/aborted/);
    // The next request is answered normally.
    expect((await api.priv('OpenOrders')).body.error).toEqual([]);
  });
});

function fetchWithSignal<T>(p: Promise<T>, ctrl: AbortController): Promise<T> {
  return new Promise((resolve, reject) => {
    ctrl.signal.addEventListener('abort', () => reject(new Error('aborted')));
    p.then(resolve, reject);
  });
}

async function waitFor(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(cond()).toBe(true);
}
