import { afterEach, describe, expect, it } from 'vitest';
import { KrakenOutcomeUnknown, type KrakenTransportError } from '../../../../src/live/kraken/rest/errors.ts';
import { resolveUnknownOrder } from '../../../../src/live/kraken/rest/resolve-unknown-order.ts';
import { closeAllHarnesses, startHarness, type Harness } from './harness.ts';

let h: Harness;
afterEach(closeAllHarnesses);

const order = { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', volume: '0.01', price: '30000.1' } as const;

describe('unknown AddOrder outcome and reconciliation', () => {
  it('a timed-out AddOrder throws KrakenOutcomeUnknown; resolveUnknownOrder finds the order by cl_ord_id', async () => {
    h = await startHarness({ timeoutMs: 150 });
    h.fake.script('AddOrder', { kind: 'hang', execute: true });
    const err = (await h.client.addOrder({ ...order, cl_ord_id: 'lost-response-1' }).catch((e: unknown) => e)) as KrakenOutcomeUnknown;
    expect(err).toBeInstanceOf(KrakenOutcomeUnknown);
    expect(err.clOrdId).toBe('lost-response-1');
    expect((err.cause as KrakenTransportError).failure).toBe('timeout');
    expect(h.fake.calls('AddOrder')).toHaveLength(1);

    const resolved = await resolveUnknownOrder(h.client, 'lost-response-1');
    expect(resolved.status).toBe('found');
    if (resolved.status === 'found') {
      expect(resolved.list).toBe('open');
      expect(resolved.txid).toBe([...h.fake.orders.keys()][0]);
      expect(resolved.order.status).toBe('open');
      expect(resolved.order.cl_ord_id).toBe('lost-response-1');
    }
  });

  it('the generated cl_ord_id travels in the error when the caller gave none', async () => {
    h = await startHarness({ timeoutMs: 150, clientOrderId: () => 'generated-id-7' });
    h.fake.script('AddOrder', { kind: 'drop', execute: true });
    const err = (await h.client.addOrder({ pair: 'XBTUSD', type: 'buy', ordertype: 'market', volume: '0.01' }).catch((e: unknown) => e)) as KrakenOutcomeUnknown;
    expect(err.clOrdId).toBe('generated-id-7');
    const resolved = await resolveUnknownOrder(h.client, 'generated-id-7');
    expect(resolved).toMatchObject({ status: 'found', list: 'closed' });
  });

  it('an order that never reached the engine resolves to not-found', async () => {
    h = await startHarness({ timeoutMs: 150 });
    h.fake.script('AddOrder', { kind: 'drop' });
    const err = (await h.client.addOrder({ ...order, userref: 99, cl_ord_id: undefined }).catch((e: unknown) => e)) as KrakenOutcomeUnknown;
    expect(err).toBeInstanceOf(KrakenOutcomeUnknown);
    expect(err.userref).toBe(99);
    expect(err.clOrdId).toBeUndefined();
    expect(await resolveUnknownOrder(h.client, 'never-sent', { attempts: 2, delayMs: 10, sleep: h.clock.sleep })).toEqual({ status: 'not-found' });
    expect(h.fake.calls('OpenOrders')).toHaveLength(2);
    expect(h.fake.calls('ClosedOrders')).toHaveLength(2);
  });

  it('keeps looking when the order shows up late', async () => {
    h = await startHarness();
    let lookups = 0;
    h.fake.on('OpenOrders', () => {
      lookups++;
      const open =
        lookups < 2
          ? {}
          : { 'OLATE1-AAAAA-BBBBBB': { refid: null, userref: null, cl_ord_id: 'late-1', status: 'open', opentm: 1, starttm: 0, expiretm: 0, descr: { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: '1', price2: '0', leverage: 'none', order: 'x', close: '' }, vol: '1', vol_exec: '0', cost: '0', fee: '0', price: '0', misc: '', oflags: '' } };
      return { kind: 'json', body: { error: [], result: { open } } };
    });
    const r = await resolveUnknownOrder(h.client, 'late-1', { attempts: 3, delayMs: 500, sleep: h.clock.sleep });
    expect(r).toMatchObject({ status: 'found', txid: 'OLATE1-AAAAA-BBBBBB' });
  });

  it('ignores orders whose own cl_ord_id differs (a server ignoring the filter cannot fool it)', async () => {
    h = await startHarness();
    h.fake.on('OpenOrders', () => ({ kind: 'json', body: { error: [], result: { open: {} } } }));
    await h.client.addOrder({ ...order, cl_ord_id: 'other-order' });
    h.fake.on('ClosedOrders', () => ({ kind: 'json', body: { error: [], result: { closed: Object.fromEntries(h.fake.orders), count: 1 } } }));
    expect(await resolveUnknownOrder(h.client, 'mine')).toEqual({ status: 'not-found' });
  });
});
