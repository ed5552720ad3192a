import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseKrakenWsFrame, type KrakenWsMessage } from '../../../../../src/live/kraken/ws/messages/parse.ts';
import { KrakenWsProtocolError } from '../../../../../src/live/kraken/ws/protocol-error.ts';
import { fixtureFrames, wsFixtureNames } from '../fixture-files.ts';

const serverFixtures = wsFixtureNames().filter((n) => !n.includes('-request'));

function parseOk(text: string, where = 'frame'): KrakenWsMessage {
  const r = parseKrakenWsFrame(text);
  if (!r.ok) throw new Error(`${where}: ${r.error.message}`);
  return r.message;
}

function one(name: string): any {
  return parseOk(fixtureFrames(name)[0].text, name);
}

describe('parseKrakenWsFrame on every server fixture', () => {
  it('there are server fixtures to replay', () => expect(serverFixtures.length).toBeGreaterThan(30));

  it.each(serverFixtures)('%s parses without a protocol error', (name) => {
    for (const frame of fixtureFrames(name)) {
      const r = parseKrakenWsFrame(frame.text);
      if (!r.ok) throw new Error(`${frame.where}: ${r.error.message}`);
      expect('channel' in r.message || 'method' in r.message).toBe(true);
    }
  });
});

describe('parsed values are exact and typed', () => {
  it('status: connection_id beyond 2^53 is an exact bigint', () => {
    const m = one('ws-v2-status.json');
    expect(m.data[0].connection_id).toBe(13834774380200032777n);
    expect(m.data[0].system).toBe('online');
  });

  it('book: prices and quantities keep trailing zeros', () => {
    const m = one('ws-v2-book-checksum-docs-example.json');
    expect(m.data[0].asks[0]).toEqual({ price: '45285.2', qty: '0.00100000' });
    expect(m.data[0].bids[3]).toEqual({ price: '45281.0', qty: '0.10000000' });
    expect(m.data[0].checksum).toBe(3310070434);
  });

  it.each([
    ['ws-v2-ticker-snapshot.json', (m: any): unknown[] => [m.data[0].bid_qty, m.data[0].change, m.data[0].timestamp], ['740.0', '-0.00017', '2023-09-25T09:04:31.742648Z']],
    ['ws-v2-ticker-update.json', (m: any): unknown[] => [m.data[0].ask_qty, m.data[0].high, m.data[0].timestamp], ['0.31232000', '66450.0', undefined]],
    ['ws-v2-trade.json', (m: any): unknown[] => [m.data[0].qty, m.data[0].trade_id, m.data[0].side], ['40.0', 4665906n, 'sell']],
    ['ws-v2-ohlc-snapshot.json', (m: any): unknown[] => [m.data[0].open, m.data[0].trades, m.timestamp], ['3027.80', 9, '2024-05-17T11:21:16.318303322Z']],
    ['ws-v2-instrument-snapshot.json', (m: any): unknown[] => [m.data.pairs[0].qty_increment, m.data.pairs[1].qty_min, m.data.assets[1].precision], ['1e-08', '4.0', 10]],
    ['ws-v2-executions-trade.json', (m: any): unknown[] => [m.data[0].exec_id, m.data[0].last_qty, m.data[0].fees[0].qty, m.sequence], ['TGBB7L-HT5LX-J3BZ4A', '0.005', '0.3458', 10]],
    ['ws-v2-executions-canceled.json', (m: any): unknown[] => [m.data[0].cum_cost, m.data[0].avg_price, m.data[0].cancel_reason], ['0.000000', '0.00000', 'User requested']],
    ['ws-v2-executions-amended.json', (m: any): unknown[] => [m.data[0].amended, m.data[0].limit_price, m.data[0].order_qty], [true, '0.9600', '5.10000000']],
    ['ws-v2-balances-snapshot.json', (m: any): unknown[] => [m.type, m.data[1].wallets[1].balance, m.data[2].balance], ['snapshot', '200', '80595.4943']],
    ['ws-v2-balances-update.json', (m: any): unknown[] => [m.data[0].amount, m.data[0].fee, m.data[0].ref_id], ['-19.9743', '0.0499', 'LKAKN2-N0N12-VKQNLN']],
    ['ws-v2-pong.json', (m: any): unknown[] => [m.method, m.req_id], ['pong', 1]],
    ['ws-v2-add_order-response.json', (m: any): unknown[] => [m.success, m.result.order_id, m.result.order_userref], [true, 'AA5JGQ-SBMRC-SCJ7J7', 100054]],
    ['ws-v2-add_order-error.json', (m: any): unknown[] => [m.success, m.error, m.req_id], [false, 'EGeneral:Permission denied', 0]],
    ['ws-v2-amend_order-response.json', (m: any): unknown[] => [m.result.amend_id, m.req_id], ['TTW6PD-RC36L-ZZSWNU', undefined]],
    ['ws-v2-cancel_all-response.json', (m: any): unknown[] => [m.result.count], [1]],
    ['ws-v2-cancel_all_orders_after-response.json', (m: any): unknown[] => [m.result.triggerTime], ['2023-09-21T15:51:09Z']],
    ['ws-v2-batch_add-response.json', (m: any): unknown[] => [m.result.length, m.result[1].order_userref, m.time_out], [2, 2, '2022-06-13T08:09:10.7890123']],
    ['ws-v2-subscribe-book-ack.json', (m: any): unknown[] => [m.method, m.result.channel, m.result.depth, m.result.symbol], ['subscribe', 'book', 10, 'ALGO/USD']],
    ['ws-v2-executions-subscribe-ack.json', (m: any): unknown[] => [m.result.maxratecount, m.req_id], [125, undefined]],
    ['ws-v2-ohlc-subscribe-ack.json', (m: any): unknown[] => [m.result.interval, m.result.warnings], [5, ['timestamp is deprecated, use interval_begin']]],
  ] as const)('%s', (name, pick, expected) => {
    expect(pick(one(name))).toEqual(expected);
  });

  it('every exec_type fixture is recognised', () => {
    const seen = new Set<string>();
    for (const name of serverFixtures.filter((n) => n.startsWith('ws-v2-executions-') && !n.includes('ack'))) {
      for (const r of one(name).data) seen.add(r.exec_type);
    }
    expect([...seen].sort()).toEqual(['amended', 'canceled', 'filled', 'new', 'pending_new', 'trade']);
  });

  it('accepts every documented exec_type', () => {
    for (const t of ['pending_new', 'new', 'filled', 'canceled', 'expired', 'amended', 'restated', 'iceberg_refill', 'status']) {
      const frame = `{"channel":"executions","type":"update","sequence":3,"data":[{"exec_type":"${t}","order_id":"O1","timestamp":"2024-01-01T00:00:00Z"}]}`;
      expect((parseOk(frame) as any).data[0].exec_type).toBe(t);
    }
  });

  it('cancel_order: one response frame per cancelled order', () => {
    const ids = fixtureFrames('ws-v2-cancel_order-responses.jsonl').map((f) => (parseOk(f.text) as any).result.order_id);
    expect(ids).toEqual(['OLUMT4-UTEGU-ZYM7E9', 'OM5CRX-N2HAL-GFGWE9']);
  });

  it('errors.jsonl: every line is a failure naming its method', () => {
    const methods = fixtureFrames('ws-v2-errors.jsonl').map((f) => parseOk(f.text) as any);
    expect(methods.every((m) => m.success === false && typeof m.error === 'string')).toBe(true);
    expect(methods.map((m) => m.method)).toEqual(['ping', 'subscribe', 'add_order', 'add_order', 'add_order', 'edit_order', 'amend_order']);
  });
});

describe('bad input becomes a KrakenWsProtocolError naming the problem', () => {
  const cases: [string, string, RegExp][] = [
    ['not JSON', '{"channel":"book",', /invalid_json.*line 1 column 19/],
    ['not an object', '[1,2]', /expected a JSON object, got array\(2\)/],
    ['no channel or method', '{"foo":1}', /neither a string "channel" nor a string "method"/],
    ['unknown channel', '{"channel":"level9","data":[]}', /unknown channel "level9"/],
    ['unknown method', '{"method":"teleport","success":true,"result":{}}', /unknown method "teleport"/],
    ['qty as a string', '{"channel":"book","type":"update","data":[{"symbol":"X","bids":[],"asks":[{"price":1.5,"qty":"abc"}],"checksum":1}]}', /data\[0\]\.asks\[0\]\.qty: expected a JSON number \(got string "abc"\)/],
    ['negative price', '{"channel":"book","type":"update","data":[{"symbol":"X","bids":[{"price":-1.5,"qty":1.0}],"asks":[],"checksum":1}]}', /data\[0\]\.bids\[0\]\.price: must not be negative \(got number -1\.5\)/],
    ['missing checksum', '{"channel":"book","type":"snapshot","data":[{"symbol":"X","bids":[],"asks":[]}]}', /data\[0\]\.checksum: .*\(got nothing\)/],
    ['checksum too large', '{"channel":"book","type":"update","data":[{"symbol":"X","bids":[],"asks":[],"checksum":4294967296}]}', /unsigned 32-bit/],
    ['fractional trade_id', '{"channel":"trade","type":"update","data":[{"symbol":"X","side":"buy","price":1,"qty":1,"ord_type":"limit","trade_id":1.5,"timestamp":"t"}]}', /trade_id: expected an integer, got 1\.5/],
    ['bad side', '{"channel":"trade","type":"update","data":[{"symbol":"X","side":"long","price":1,"qty":1,"ord_type":"limit","trade_id":1,"timestamp":"t"}]}', /data\[0\]\.side/],
    ['failure without error text', '{"method":"add_order","success":false,"req_id":1}', /error: .*\(got nothing\)/],
    ['add_order success whose order_id is not a string', '{"method":"add_order","success":true,"result":{"order_id":7}}', /result\.order_id/],
  ];
  it.each(cases)('%s', (_label, raw, message) => {
    const r = parseKrakenWsFrame(raw);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toBeInstanceOf(KrakenWsProtocolError);
    expect(r.error.message).toMatch(message);
    expect(r.error.raw).toBe(raw);
  });

  it('never throws, whatever the input', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.jsonValue().map((v) => JSON.stringify(v) ?? ''), fc.jsonValue().map((v) => JSON.stringify({ channel: 'book', type: 'update', data: v }))), (raw) => {
        const r = parseKrakenWsFrame(raw);
        if (!r.ok) expect(r.error).toBeInstanceOf(KrakenWsProtocolError);
      }),
      { numRuns: 500 },
    );
  });
});

describe('lenient where Kraken may add values (unknown kept as "unknown", recorded; rest of the frame processed)', () => {
  it('unknown exec_type and order_status are kept as "unknown" and reported', () => {
    const r = parseKrakenWsFrame('{"channel":"executions","type":"update","sequence":1,"data":[{"exec_type":"teleported","order_status":"triggered","order_id":"O","timestamp":"t"}]}');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect((r.message as any).data[0]).toMatchObject({ exec_type: 'unknown', order_status: 'unknown' });
    expect(r.unknowns).toEqual([
      { field: 'exec_type', value: 'teleported' },
      { field: 'order_status', value: 'triggered' },
    ]);
  });

  it('a trade report without exec_id is set aside; the other reports of the frame are kept', () => {
    const r = parseKrakenWsFrame(
      '{"channel":"executions","type":"update","sequence":1,"data":[{"exec_type":"trade","order_id":"O","timestamp":"t","last_qty":1,"last_price":2},{"exec_type":"new","order_id":"O2","timestamp":"t"}]}',
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const m = r.message as any;
    expect(m.data.map((d: any) => d.order_id)).toEqual(['O2']);
    expect(m.rejected[0].problems.join(' ')).toMatch(/data\[0\]\.exec_id: required when exec_type is "trade"/);
  });

  it('null fields read as absent (cl_ord_id: null)', () => {
    const r = parseKrakenWsFrame('{"channel":"executions","type":"update","sequence":1,"data":[{"exec_type":"new","order_id":"O","cl_ord_id":null,"timestamp":"t","extra_field":{"a":1}}]}');
    expect(r.ok && (r.message as any).data[0].cl_ord_id).toBeUndefined();
    expect(r.ok && 'extra_field' in (r.message as any).data[0]).toBe(false);
  });

  it('unknown system status is "unknown", not a dropped status frame', () => {
    const r = parseKrakenWsFrame('{"channel":"status","type":"update","data":[{"api_version":"v2","connection_id":1,"system":"on fire","version":"2"}]}');
    expect(r.ok && (r.message as any).data[0].system).toBe('unknown');
    expect(r.ok && r.unknowns).toEqual([{ field: 'system', value: 'on fire' }]);
  });

  it('a non-string enum value is still a schema error', () => {
    const r = parseKrakenWsFrame('{"channel":"executions","type":"update","sequence":1,"data":[{"exec_type":7,"order_id":"O","timestamp":"t"}]}');
    expect(r.ok && (r.message as any).rejected.length).toBe(1);
  });
});
