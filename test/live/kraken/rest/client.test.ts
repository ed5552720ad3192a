import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { NonceSource, nonceStatePath } from '../../../../src/live/kraken/auth/nonce.ts';
import { signKrakenRequest } from '../../../../src/live/kraken/auth/sign.ts';
import { KrakenRestClient } from '../../../../src/live/kraken/rest/client.ts';
import {
  KrakenApiError,
  KrakenRequestError,
  KrakenResponseFormatError,
  KrakenTransportError,
  KrakenUnknownAssetPair,
  mapKrakenErrors,
} from '../../../../src/live/kraken/rest/errors.ts';
import type { AddOrderParams } from '../../../../src/live/kraken/rest/order-params.ts';
import { fixture, TEST_KEY, TEST_SECRET } from './fixtures.ts';
import { closeAllHarnesses, startHarness, type Harness } from './harness.ts';

let h: Harness;
afterEach(closeAllHarnesses);

describe('public endpoints', () => {
  const cases: [string, (c: KrakenRestClient) => Promise<unknown>, string, (r: any) => void][] = [
    ['Time', (c) => c.time(), '', (r) => expect(r.unixtime).toBe(1688669448)],
    ['SystemStatus', (c) => c.systemStatus(), '', (r) => expect(r.status).toBe('online')],
    ['Assets', (c) => c.assets({ asset: ['XBT', 'USD'] }), 'asset=XBT%2CUSD', (r) => expect(r.XXBT.altname).toBe('XBT')],
    ['AssetPairs', (c) => c.assetPairs({ pair: ['XBTUSD'] }), 'pair=XBTUSD', (r) => expect(r.XXBTZUSD.ordermin).toBe('0.0001')],
    ['Ticker', (c) => c.ticker({ pair: ['XBTUSD', 'ETHUSD'] }), 'pair=XBTUSD%2CETHUSD', (r) => expect(r.XXBTZUSD.c[0]).toBe('40228.50000')],
    ['OHLC', (c) => c.ohlc({ pair: 'XBTUSD', interval: 1, since: 1700980000 }), 'pair=XBTUSD&interval=1&since=1700980000', (r) => expect(r.last).toBe(1701023340)],
    ['Depth', (c) => c.depth({ pair: 'XBTUSD', count: 25 }), 'pair=XBTUSD&count=25', (r) => expect(r.XXBTZUSD.asks[0]).toEqual({ price: '37221.10000', volume: '19.596', timestamp: 1701023454 })],
    ['Trades', (c) => c.trades({ pair: 'XBTUSD', since: '1701023458860710717' }), 'pair=XBTUSD&since=1701023458860710717', (r) => expect(r.trades).toHaveLength(31)],
  ];
  it.each(cases)('%s: GET with query, User-Agent, parsed result', async (method, call, query, check) => {
    h = await startHarness();
    check(await call(h.client));
    const [req] = h.fake.calls(method);
    expect(req.httpMethod).toBe('GET');
    expect(req.params.toString()).toBe(query);
    expect(req.headers['user-agent']).toMatch(/^krakenbt\//);
    expect(req.headers['api-key']).toBeUndefined();
  });

  it('works without credentials; private calls then fail locally', async () => {
    h = await startHarness({ credentials: undefined });
    await expect(h.client.time()).resolves.toBeDefined();
    await expect(h.client.balance()).rejects.toThrow(/private endpoint: the client has no credentials/);
    expect(h.fake.calls('Balance')).toHaveLength(0);
  });
});

describe('private endpoints', () => {
  const cases: [string, (c: KrakenRestClient) => Promise<unknown>, Record<string, string>, (r: any) => void][] = [
    ['Balance', (c) => c.balance(), {}, (r) => expect(r.XXBT).toBe('0.0022698000')],
    ['BalanceEx', (c) => c.balanceEx(), {}, (r) => expect(r.ATOM.hold_trade).toBe('3.92433600')],
    ['TradeBalance', (c) => c.tradeBalance({ asset: 'ZUSD' }), { asset: 'ZUSD' }, (r) => expect(r.eb).toBe('5491.4558')],
    ['OpenOrders', (c) => c.openOrders({ trades: true }), { trades: 'true' }, (r) => expect(Object.keys(r.open)).toHaveLength(2)],
    ['ClosedOrders', (c) => c.closedOrders({ ofs: 50, closetime: 'close' }), { ofs: '50', closetime: 'close' }, (r) => expect(r.count).toBe(2)],
    ['TradesHistory', (c) => c.tradesHistory({ type: 'all', ofs: 0 }), { type: 'all', ofs: '0' }, (r) => expect(r.trades['THVRQM-33VKH-UCI7BS'].maker).toBe(true)],
    ['Ledgers', (c) => c.ledgers({ asset: ['ZUSD', 'ZGBP'], type: 'trade' }), { asset: 'ZUSD,ZGBP', type: 'trade' }, (r) => expect(r.ledger['L4UESK-KG3EQ-UFO4T5'].amount).toBe('-24.5000')],
    ['GetWebSocketsToken', (c) => c.getWebSocketsToken(), {}, (r) => expect(r.expires).toBe(900)],
    ['CancelAll', (c) => c.cancelAll(), {}, (r) => expect(r.count).toBe(1)],
    ['CancelAllOrdersAfter', (c) => c.cancelAllOrdersAfter(60), { timeout: '60' }, (r) => expect(r.triggerTime).toBe('2023-03-24T17:42:56Z')],
  ];
  it.each(cases)('%s: signed form POST, nonce first, parsed result', async (method, call, params, check) => {
    h = await startHarness();
    check(await call(h.client));
    const [req] = h.fake.calls(method);
    expect(req.httpMethod).toBe('POST');
    expect(req.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
    expect(req.signatureValid).toBe(true);
    expect(req.body).toMatch(/^nonce=\d{16}(&|$)/);
    const { nonce, ...rest } = Object.fromEntries(req.params);
    expect(nonce).toBeDefined();
    expect(rest).toEqual(params);
  });

  it('signs exactly the bytes it sends, with strictly increasing nonces', async () => {
    h = await startHarness();
    await h.client.balance();
    await h.client.addOrder({ pair: 'XBTUSD', type: 'buy', ordertype: 'limit', volume: '1.25', price: '37500', cl_ord_id: 'sign-check' });
    await h.client.openOrders({ cl_ord_id: 'sign-check' });
    const reqs = h.fake.requests;
    const nonces = reqs.map((r) => BigInt(r.params.get('nonce')!));
    for (let i = 1; i < nonces.length; i++) expect(nonces[i]).toBeGreaterThan(nonces[i - 1]);
    for (const r of reqs) {
      const expected = signKrakenRequest({ uriPath: r.path, nonce: r.params.get('nonce')!, postData: r.body }, TEST_SECRET);
      expect(r.headers['api-sign']).toBe(expected);
    }
  });

  it('nonceStateDir persists nonces per key, so a new client after a "restart" continues above them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kraken-client-nonce-'));
    try {
      h = await startHarness({ nonceStateDir: dir });
      await h.client.balance();
      const first = BigInt(h.fake.calls('Balance')[0].params.get('nonce')!);
      const state = JSON.parse(readFileSync(nonceStatePath(dir, TEST_KEY), 'utf8'));
      expect(BigInt(state.last)).toBe(first);
      expect(() => new KrakenRestClient({ nonceStateDir: dir, nonceSource: new NonceSource() })).toThrow(/either nonceSource or nonceStateDir/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('QueryOrders sends at most 50 txids per call and merges the results', async () => {
    h = await startHarness();
    h.fake.on('QueryOrders', (r) => {
      const order = fixture('rest-QueryOrders.json').result['OGMZCL-KC6MC-ZRBGM6'];
      const result = Object.fromEntries(r.params.get('txid')!.split(',').map((id) => [id, order]));
      return { kind: 'json', body: { error: [], result } };
    });
    const txids = Array.from({ length: 120 }, (_, i) => `O${String(i).padStart(5, '0')}-AAAAA-BBBBBB`);
    const result = await h.client.queryOrders({ txid: txids, trades: true });
    expect(Object.keys(result)).toEqual(txids);
    expect(h.fake.calls('QueryOrders').map((r) => r.params.get('txid')!.split(',').length)).toEqual([50, 50, 20]);
    expect(h.fake.calls('QueryOrders').every((r) => r.params.get('trades') === 'true')).toBe(true);
    await expect(h.client.queryOrders({ txid: [] })).rejects.toBeInstanceOf(KrakenRequestError);
  });
});

describe('AddOrder / CancelOrder parameters', () => {
  const base: AddOrderParams = { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', volume: '0.01', price: '30000.1' };
  const cases: [string, AddOrderParams, Record<string, string | null>][] = [
    ['plain limit with cl_ord_id', { ...base, cl_ord_id: 'my-order-1' }, { ordertype: 'limit', type: 'buy', volume: '0.01', pair: 'XBTUSD', price: '30000.1', cl_ord_id: 'my-order-1', validate: null }],
    ['validate', { ...base, userref: 42, validate: true }, { validate: 'true', userref: '42', cl_ord_id: null }],
    ['validate false is omitted', { ...base, userref: 42, validate: false }, { validate: null }],
    ['post-only fciq', { ...base, userref: 1, oflags: ['post', 'fciq'] }, { oflags: 'post,fciq' }],
    ['IOC', { ...base, userref: 1, timeinforce: 'IOC' }, { timeinforce: 'IOC' }],
    ['viqc market buy', { pair: 'XBTUSD', type: 'buy', ordertype: 'market', volume: '100', oflags: ['viqc'], userref: 3 }, { oflags: 'viqc', ordertype: 'market', price: null }],
    ['relative expiry GTD', { ...base, userref: 1, timeinforce: 'GTD', expiretm: '+60' }, { expiretm: '+60', timeinforce: 'GTD' }],
    ['conditional close', { ...base, userref: 1, close: { ordertype: 'stop-loss-limit', price: '29000', price2: '28900' } }, { 'close[ordertype]': 'stop-loss-limit', 'close[price]': '29000', 'close[price2]': '28900' }],
  ];
  it.each(cases)('%s', async (_name, params, expected) => {
    h = await startHarness();
    const result = await h.client.addOrder(params);
    const [req] = h.fake.calls('AddOrder');
    for (const [k, v] of Object.entries(expected)) expect(req.params.get(k), k).toBe(v);
    if (params.validate) expect(result.txid).toEqual([]);
    else expect(result.txid[0]).toMatch(/^OFAKE/);
    if (params.expiretm === '+60') expect(req.body).toContain('expiretm=%2B60');
  });

  it('generates a UUID cl_ord_id when neither cl_ord_id nor userref is given', async () => {
    h = await startHarness();
    const r = await h.client.addOrder(base);
    expect(r.cl_ord_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(h.fake.calls('AddOrder')[0].params.get('cl_ord_id')).toBe(r.cl_ord_id);
    await h.close();
    h = await startHarness({ clientOrderId: false });
    const r2 = await h.client.addOrder(base);
    expect(r2.cl_ord_id).toBeNull();
    expect(h.fake.calls('AddOrder')[0].params.has('cl_ord_id')).toBe(false);
  });

  it.each([
    ['cl_ord_id with userref', { ...base, cl_ord_id: 'a', userref: 1 }, /mutually exclusive/],
    ['bad cl_ord_id', { ...base, cl_ord_id: 'this-is-far-too-long-for-free-text' }, /cl_ord_id="this-is-far-too-long-for-free-text"/],
    ['userref beyond int32', { ...base, userref: 2 ** 31 }, /userref=2147483648 must be a 32-bit/],
    ['fcib with fciq', { ...base, oflags: ['fcib', 'fciq'] }, /both fcib and fciq/],
    ['post on market', { ...base, ordertype: 'market', oflags: ['post'] }, /post is for limit orders only/],
    ['viqc on sell', { ...base, type: 'sell', ordertype: 'market', oflags: ['viqc'] }, /viqc is for buy market orders only/],
    ['GTD without expiretm', { ...base, timeinforce: 'GTD' }, /requires expiretm/],
    ['float-ish volume', { ...base, volume: '1e-3' }, /volume="1e-3"/],
    ['limit without price', { ...base, price: undefined }, /price=undefined is required for limit/],
  ] as [string, AddOrderParams, RegExp][])('refuses %s locally, sending nothing', async (_name, params, pattern) => {
    h = await startHarness();
    await expect(h.client.addOrder(params)).rejects.toThrow(pattern);
    await expect(h.client.addOrder(params)).rejects.toBeInstanceOf(KrakenRequestError);
    expect(h.fake.calls('AddOrder')).toHaveLength(0);
  });

  it('cancels by txid and by cl_ord_id', async () => {
    h = await startHarness();
    const a = await h.client.addOrder({ ...base, cl_ord_id: 'cancel-me-1' });
    await h.client.addOrder({ ...base, cl_ord_id: 'cancel-me-2' });
    expect(await h.client.cancelOrder({ txid: a.txid[0] })).toEqual({ count: 1 });
    expect(await h.client.cancelOrder({ cl_ord_id: 'cancel-me-2' })).toEqual({ count: 1 });
    const [byTxid, byClId] = h.fake.calls('CancelOrder');
    expect(byTxid.params.get('txid')).toBe(a.txid[0]);
    expect(byClId.params.get('cl_ord_id')).toBe('cancel-me-2');
    expect(byClId.params.has('txid')).toBe(false);
  });

  it('rejects an out-of-range dead-man timeout locally', async () => {
    h = await startHarness();
    expect(() => h.client.cancelAllOrdersAfter(86400)).toThrow(/timeout=86400 must be an integer in \[0, 86400\)/);
    expect(() => h.client.cancelAllOrdersAfter(1.5)).toThrow(KrakenRequestError);
  });
});

describe('error handling through the client', () => {
  const examples: { error: string[] }[] = fixture('rest-errors.json');
  it.each(examples.map((e) => [e.error[0]]))('%s becomes the mapped typed error', async (code) => {
    h = await startHarness({ retry: { maxAttempts: 1 } });
    h.fake.script('Balance', { kind: 'errors', errors: [code] });
    const err = await h.client.balance().catch((e: unknown) => e);
    const expected = mapKrakenErrors('Balance', [code])!;
    expect(err).toBeInstanceOf(expected.constructor);
    expect((err as KrakenApiError).code).toBe(code);
  });

  it('surfaces W... warnings next to a result without failing', async () => {
    const seen: [string, readonly string[]][] = [];
    h = await startHarness({ onWarnings: (m, w) => seen.push([m, w]) });
    h.fake.script('Time', { kind: 'errors', errors: ['WGeneral:Deprecated parameter'], result: fixture('rest-Time.json').result });
    const r = await h.client.time();
    expect(r.unixtime).toBe(1688669448);
    expect(seen).toEqual([['Time', ['WGeneral:Deprecated parameter']]]);
    expect(h.logs.some((l) => l.level === 'warn' && JSON.stringify(l.fields).includes('WGeneral:Deprecated parameter'))).toBe(true);
  });

  it.each([
    ['a Cloudflare 502 page', { kind: 'raw', status: 502, body: '<html><head><title>502 Bad Gateway</title></head><body>cloudflare</body></html>' }, 'http-status', 502],
    ['a 200 non-JSON body', { kind: 'raw', status: 200, body: 'Service temporarily unavailable' }, 'non-json', 200],
    ['JSON that is not an envelope', { kind: 'json', body: { hello: 1 } }, 'bad-envelope', 200],
    ['a 503 JSON envelope without errors', { kind: 'json', status: 503, body: { error: [] } }, 'http-status', 503],
  ] as const)('%s becomes KrakenTransportError', async (_name, behaviour, failure, status) => {
    h = await startHarness({ retry: { maxAttempts: 1 } });
    h.fake.script('Ticker', behaviour);
    const err = (await h.client.ticker().catch((e: unknown) => e)) as KrakenTransportError;
    expect(err).toBeInstanceOf(KrakenTransportError);
    expect(err.failure).toBe(failure);
    expect(err.httpStatus).toBe(status);
  });

  it('404 with EGeneral:Unknown method is an API error', async () => {
    h = await startHarness({ retry: { maxAttempts: 1 } });
    h.fake.script('Ticker', { kind: 'errors', errors: ['EGeneral:Unknown method'], status: 404 });
    const err = (await h.client.ticker().catch((e: unknown) => e)) as KrakenApiError;
    expect(err).toBeInstanceOf(KrakenApiError);
    expect(err.httpStatus).toBe(404);
  });

  it('EQuery:Unknown asset pair is not retried', async () => {
    h = await startHarness();
    h.fake.script('Depth', { kind: 'errors', errors: ['EQuery:Unknown asset pair'] });
    await expect(h.client.depth({ pair: 'NOPE' })).rejects.toBeInstanceOf(KrakenUnknownAssetPair);
    expect(h.fake.calls('Depth')).toHaveLength(1);
  });

  it('a result of the wrong shape is a KrakenResponseFormatError naming the field', async () => {
    h = await startHarness();
    h.fake.script('Balance', { kind: 'json', body: { error: [], result: { XXBT: 'lots' } } });
    const err = (await h.client.balance().catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(KrakenResponseFormatError);
    expect(err.message).toContain('XXBT: expected a decimal number (got "lots")');
  });
});
