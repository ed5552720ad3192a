/**
 * REST bodies are parsed losslessly: Kraken's integer trade ids may pass 2^53, where JSON.parse
 * would round 9007199254740993 to ...992 and two trades would share an id.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { toPlainJson, parseExactJson } from '../../../../src/live/kraken/ws/exact-json.ts';
import { fixture } from './fixtures.ts';
import { closeAllHarnesses, startHarness } from './harness.ts';

afterEach(closeAllHarnesses);

const BIG = '9007199254740993'; // 2^53 + 1: the nearest double is 2^53

describe('lossless REST ids', () => {
  it('TradesHistory trade_id past 2^53 is read exactly (bigint), and other fields as before', async () => {
    const h = await startHarness();
    const trade = fixture('rest-TradesHistory.json').result.trades['THVRQM-33VKH-UCI7BS'];
    const body = `{"error":[],"result":{"trades":{"THVRQM-33VKH-UCI7BS":${JSON.stringify({ ...trade, trade_id: 1 }).replace('"trade_id":1', `"trade_id":${BIG}`)}},"count":1}}`;
    h.fake.on('TradesHistory', () => ({ kind: 'raw', status: 200, body, contentType: 'application/json' }));
    const r = await h.client.tradesHistory();
    const t = r.trades['THVRQM-33VKH-UCI7BS'];
    expect(t.trade_id).toBe(9007199254740993n);
    expect(t.trade_id).not.toBe(BigInt(Number(BIG)));
    expect({ vol: t.vol, cost: t.cost, time: t.time, maker: t.maker }).toEqual({ vol: trade.vol, cost: trade.cost, time: trade.time, maker: trade.maker });
  });

  it('public Trades ids past 2^53 stay distinct', async () => {
    const h = await startHarness();
    const body = `{"error":[],"result":{"XXBTZUSD":[["37247.00000","0.1",1701019771.0383663,"b","l","",${BIG}],["37247.00000","0.1",1701019771.5,"s","m","",9007199254740992]],"last":"1701019771500000000"}}`;
    h.fake.on('Trades', () => ({ kind: 'raw', status: 200, body, contentType: 'application/json' }));
    const r = await h.client.trades({ pair: 'XBTUSD' });
    expect(r.trades.map((t) => t.tradeId)).toEqual([9007199254740993n, 9007199254740992n]);
  });

  it('only unsafe integer literals are kept as text; everything else reads as JSON.parse would', () => {
    const text = `{"a":${BIG},"b":1.5,"c":-12,"d":1e3,"e":[0.00100000,${BIG}0]}`;
    const plain = toPlainJson(parseExactJson(text), { bigIntegersAsText: true }) as Record<string, unknown>;
    expect(plain).toEqual({ a: BIG, b: 1.5, c: -12, d: 1000, e: [0.001, `${BIG}0`] });
    expect(toPlainJson(parseExactJson(text))).toStrictEqual(JSON.parse(text));
  });
});
