import { describe, expect, it } from 'vitest';
import { parseExactJson } from '../../../../../src/live/kraken/ws/exact-json.ts';
import {
  buildAddOrder,
  buildAmendOrder,
  buildBatchAdd,
  buildCancelAll,
  buildCancelAllOrdersAfter,
  buildCancelOrder,
  buildPing,
  buildSubscribe,
  buildUnsubscribe,
  encodeRequest,
  KrakenWsRequestError,
  type WsRequest,
} from '../../../../../src/live/kraken/ws/messages/requests.ts';
import { fixtureText, wsFixtureNames } from '../fixture-files.ts';

/** Same JSON, numbers compared by their exact text, key order ignored. */
function expectSameJson(ours: WsRequest, fixture: string): void {
  expect(parseExactJson(encodeRequest(ours))).toEqual(parseExactJson(fixtureText(fixture)));
}

describe('request builders reproduce the documented requests', () => {
  it('every request fixture is covered here', () => {
    expect(wsFixtureNames().filter((n) => n.includes('-request'))).toEqual([
      'ws-v2-add_order-request.json',
      'ws-v2-amend_order-request.json',
      'ws-v2-batch_add-request.json',
      'ws-v2-cancel_all_orders_after-request.json',
      'ws-v2-cancel_order-request.json',
      'ws-v2-executions-subscribe-request.json',
      'ws-v2-ping-request.json',
      'ws-v2-subscribe-book-request.json',
    ]);
  });

  it('add_order', () => {
    const req = buildAddOrder(
      { order_type: 'limit', side: 'buy', limit_price: '26500.4', order_userref: 100054, order_qty: '1.2', symbol: 'BTC/USD' },
      'G38a1tGFzqGiUCmnegBcm8d4nfP3tytiNQz6tkCBYXY',
      123456789,
    );
    expectSameJson(req, 'ws-v2-add_order-request.json');
  });

  it('amend_order', () => {
    const req = buildAmendOrder(
      { order_id: 'OAIYAU-LGI3M-PFM5VW', limit_price: '61031.3', deadline: '2024-07-21T09:53:59.050Z', post_only: true, order_qty: '1' },
      'DGB00LiKlPlLI/amQaSKUUr8niqXDb+1zwvtjp34nzk',
      3,
    );
    // The docs example omits order_qty although the docs list it as required; compare without it.
    const sent = parseExactJson(encodeRequest(req)) as any;
    delete sent.params.order_qty;
    expect(sent).toEqual(parseExactJson(fixtureText('ws-v2-amend_order-request.json')));
  });

  it('batch_add keeps "1010.10" and 9 decimals exactly', () => {
    const req = buildBatchAdd(
      {
        symbol: 'BTC/USD',
        deadline: '2022-06-13T08:09:10.123456Z',
        orders: [
          { limit_price: '1010.10', order_qty: '0.123456789', order_type: 'limit', order_userref: 1, side: 'buy' },
          { limit_price: '2020.20', order_qty: '0.987654321', order_type: 'limit', order_userref: 2, side: 'sell', stp_type: 'cancel_both' },
        ],
      },
      'TxxxxxxxxxOxxxxxxxxxxKxxxxxxxExxxxxxxxN',
      1234567890,
    );
    const sent = parseExactJson(encodeRequest(req)) as any;
    const doc = parseExactJson(fixtureText('ws-v2-batch_add-request.json')) as any;
    delete doc.params.validate; // we omit validate unless it is true
    expect(sent).toEqual(doc);
    expect(encodeRequest(req)).toContain('"limit_price":1010.10');
  });

  it('cancel_all_orders_after, cancel_order, ping, executions and book subscriptions', () => {
    expectSameJson(buildCancelAllOrdersAfter(100, 'zwpdzWUe18Bn6h4TAMorh26+QbcMeST2B5tamfe+pgQ', 1234567890), 'ws-v2-cancel_all_orders_after-request.json');
    expectSameJson(
      buildCancelOrder({ order_id: ['OM5CRX-N2HAL-GFGWE9', 'OLUMT4-UTEGU-ZYM7E9'] }, 'zGXT1dUQQjJjy5VmGXMegdDQngXXehNo5qbMBVolwEQ', 123456789),
      'ws-v2-cancel_order-request.json',
    );
    expectSameJson(buildPing(1), 'ws-v2-ping-request.json');
    expectSameJson(
      buildSubscribe({ channel: 'executions', snap_orders: true, snap_trades: true }, 7, 'G38a1tGFzqGiUCmnegBcm8d4nfP3tytiNQz6tkCBYXY'),
      'ws-v2-executions-subscribe-request.json',
    );
    expectSameJson(buildSubscribe({ channel: 'book', symbol: ['ALGO/USD', 'MATIC/USD'], depth: 10, snapshot: true }, 11), 'ws-v2-subscribe-book-request.json');
  });

  it('unsubscribe mirrors the subscription without snapshot flags', () => {
    expect(JSON.parse(encodeRequest(buildUnsubscribe({ channel: 'book', symbol: ['BTC/USD'], depth: 25, snapshot: true }, 4)))).toEqual({
      method: 'unsubscribe',
      params: { channel: 'book', symbol: ['BTC/USD'], depth: 25 },
      req_id: 4,
    });
    expect(JSON.parse(encodeRequest(buildCancelAll('tok', 9)))).toEqual({ method: 'cancel_all', params: { token: 'tok' }, req_id: 9 });
  });
});

describe('request builders reject bad arguments, naming the field', () => {
  const base = { order_type: 'limit' as const, side: 'buy' as const, order_qty: '1', limit_price: '10', symbol: 'BTC/USD' };
  const cases: [string, () => unknown, RegExp][] = [
    ['float-like qty', () => buildAddOrder({ ...base, order_qty: '1,5' }, 't', 1), /order_qty: must be a decimal string/],
    ['number qty', () => buildAddOrder({ ...base, order_qty: 1 as unknown as string }, 't', 1), /order_qty/],
    ['limit without price', () => buildAddOrder({ ...base, limit_price: undefined }, 't', 1), /limit_price: required for order_type limit/],
    ['stop without triggers', () => buildAddOrder({ ...base, order_type: 'stop-loss' }, 't', 1), /triggers: required/],
    ['both ids', () => buildAddOrder({ ...base, cl_ord_id: 'a', order_userref: 1 }, 't', 1), /mutually exclusive/],
    ['long cl_ord_id', () => buildAddOrder({ ...base, cl_ord_id: 'x'.repeat(19) }, 't', 1), /cl_ord_id: must be a UUID/],
    ['missing token', () => buildAddOrder(base, '', 1), /token: a private request needs a WebSocket token/],
    ['private subscribe without token', () => buildSubscribe({ channel: 'balances' }, 1), /token/],
    ['bad depth', () => buildSubscribe({ channel: 'book', symbol: ['X'], depth: 20 as 10 }, 1), /depth: must be one of 10, 25, 100, 500, 1000/],
    ['bad interval', () => buildSubscribe({ channel: 'ohlc', symbol: ['X'], interval: 2 as 1 }, 1), /interval: must be one of/],
    ['no symbols', () => buildSubscribe({ channel: 'trade', symbol: [] }, 1), /symbol: needs at least one symbol/],
    ['batch of one', () => buildBatchAdd({ symbol: 'X', orders: [base] }, 't', 1), /orders: batch_add takes 2 to 15 orders/],
    ['bad batch order', () => buildBatchAdd({ symbol: 'X', orders: [base, { ...base, order_qty: 'x' }] }, 't', 1), /orders\[1\]\.order_qty/],
    ['cancel nothing', () => buildCancelOrder({}, 't', 1), /name at least one order/],
    ['amend both ids', () => buildAmendOrder({ order_id: 'a', cl_ord_id: 'b', order_qty: '1' }, 't', 1), /give exactly one/],
    ['dead-man timeout too long', () => buildCancelAllOrdersAfter(86400, 't', 1), /timeout: must be an integer/],
    ['negative req_id', () => buildPing(-1), /req_id/],
  ];
  it.each(cases)('%s', (_label, build, message) => {
    expect(build).toThrow(KrakenWsRequestError);
    expect(build).toThrow(message);
  });
});
