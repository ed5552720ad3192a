import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { parseFixed } from '../../../../src/core/decimal/fixed.ts';
import * as S from '../../../../src/live/kraken/rest/schemas.ts';
import { fixture, restFixtureNames } from './fixtures.ts';

/** Fixture file -> schema of its `result`. Every rest-*.json file must be listed. */
const SCHEMA_FOR: Record<string, z.ZodType> = {
  'rest-AddOrder-docs-example.json': S.addOrderSchema,
  'rest-AddOrder-market.json': S.addOrderSchema,
  'rest-AddOrder-validate.json': S.addOrderSchema,
  'rest-AddOrder.json': S.addOrderSchema,
  'rest-AssetPairs-XBTUSDT.json': S.assetPairsSchema,
  'rest-AssetPairs-sample.json': S.assetPairsSchema,
  'rest-Assets-sample.json': S.assetsSchema,
  'rest-Balance.json': S.balanceSchema,
  'rest-BalanceEx.json': S.balanceExSchema,
  'rest-CancelAll.json': S.cancelAllSchema,
  'rest-CancelAllOrdersAfter.json': S.cancelAllOrdersAfterSchema,
  'rest-CancelOrder.json': S.cancelOrderSchema,
  'rest-ClosedOrders.json': S.closedOrdersSchema,
  'rest-Depth.json': S.depthSchema,
  'rest-GetWebSocketsToken.json': S.webSocketsTokenSchema,
  'rest-Ledgers.json': S.ledgersSchema,
  'rest-OHLC-sample.json': S.ohlcSchema,
  'rest-OpenOrders.json': S.openOrdersSchema,
  'rest-QueryOrders.json': S.queryOrdersSchema,
  'rest-SystemStatus.json': S.systemStatusSchema,
  'rest-Ticker.json': S.tickerSchema,
  'rest-Time.json': S.timeSchema,
  'rest-TradeBalance.json': S.tradeBalanceSchema,
  'rest-Trades.json': S.tradesSchema,
  'rest-TradesHistory.json': S.tradesHistorySchema,
};

/** Every string that looks like a decimal in `value`, recursively. */
function decimalStrings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string' && /^-?\d+\.\d+$/.test(value)) out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => decimalStrings(v, out));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => decimalStrings(v, out));
  return out;
}

describe('schemas replay every REST fixture', () => {
  it('has a schema for every rest-*.json fixture', () => {
    expect(restFixtureNames()).toEqual(Object.keys(SCHEMA_FOR).sort());
  });

  it.each(restFixtureNames())('%s parses, and decimal strings survive exactly', (name) => {
    const body = fixture(name);
    expect(body.error).toEqual([]);
    expect(() => S.envelopeSchema.parse(body)).not.toThrow();
    const parsed = SCHEMA_FOR[name].safeParse(body.result);
    if (!parsed.success) throw new Error(`${name}: ${S.describeIssues(parsed.error, body.result)}`);
    // No decimal text was rounded or reformatted: every input decimal string is still present.
    const after = new Set(decimalStrings(parsed.data));
    for (const d of decimalStrings(body.result)) {
      if (/^\d{9,}\.\d+$/.test(d)) continue; // string timestamps become numbers by design
      expect(after.has(d), `${name}: ${d}`).toBe(true);
    }
  });
});

describe('schema leniency and strictness', () => {
  it('QueryOrders capture with numbers-as-strings parses to numbers and null refid', () => {
    const r = S.queryOrdersSchema.parse(fixture('rest-QueryOrders.json').result);
    const o = r['OGMZCL-KC6MC-ZRBGM6'];
    expect(o.userref).toBe(0);
    expect(o.opentm).toBe(1705260547.472);
    expect(o.starttm).toBe(0);
    expect(o.closetm).toBe(1705260547.4728658);
    expect(o.refid).toBeNull();
    expect(parseFixed(o.cost)).toBe(parseFixed('7.105741'));
  });

  it('docs "None" refid becomes null', () => {
    const r = S.openOrdersSchema.parse(fixture('rest-OpenOrders.json').result);
    expect(Object.values(r.open).every((o) => o.refid === null)).toBe(true);
  });

  it('OHLC: rows become named candles, last parses from int or string', () => {
    const r = S.ohlcSchema.parse(fixture('rest-OHLC-sample.json').result);
    expect(r.pair).toBe('XXBTZUSD');
    expect(r.last).toBe(1701023340);
    expect(r.candles).toHaveLength(18);
    expect(r.candles[0]).toEqual({ time: 1700980260, open: '37780.5', high: '37780.5', low: '37780.5', close: '37780.5', vwap: '37780.5', volume: '0.00010000', count: 1 });
    const asString = S.ohlcSchema.parse({ ...fixture('rest-OHLC-sample.json').result, last: '1701023340' });
    expect(asString.last).toBe(1701023340);
  });

  it('Trades: named rows and a string last id', () => {
    const r = S.tradesSchema.parse(fixture('rest-Trades.json').result);
    expect(r.last).toBe('1701023458860710717');
    expect(r.trades[0]).toEqual({ price: '37247.00000', volume: '0.00026451', time: 1701019771.0383663, side: 'b', orderType: 'l', misc: '', tradeId: 64754585n });
  });

  it('AssetPairs fee tiers keep their text', () => {
    const r = S.assetPairsSchema.parse(fixture('rest-AssetPairs-sample.json').result);
    expect(r.XXBTZUSD.fees![0]).toEqual(['0', '0.26']);
    expect(r.XXBTZUSD.tick_size).toBe('0.1');
  });

  it.each([
    ['a non-numeric price', S.balanceSchema, { XXBT: 'abc' }, /XXBT: expected a decimal number \(got "abc"\)/],
    ['an unknown order status', S.queryOrdersSchema, { X: { ...fixture('rest-QueryOrders.json').result['OGMZCL-KC6MC-ZRBGM6'], status: 'weird' } }, /X\.status/],
    ['two pairs in OHLC', S.ohlcSchema, { A: [], B: [], last: 1 }, /exactly one pair key/],
    ['a bad OHLC row', S.ohlcSchema, { A: [[1, '1', '1', '1', '1', '1', 'x', 1]], last: 1 }, /A\.0\.6: expected a decimal number \(got "x"\)/],
  ])('rejects %s with the field path and value', (_name, schema, input, pattern) => {
    const r = (schema as z.ZodType).safeParse(input);
    expect(r.success).toBe(false);
    if (!r.success) expect(S.describeIssues(r.error, input)).toMatch(pattern);
  });
});
