import { describe, expect, it } from 'vitest';
import { parseFixed } from '../../../src/core/decimal/fixed.ts';
import { priceTick, qtyStep } from '../../../src/core/instruments/instrument.ts';
import type { KrakenPairInfo } from '../../../src/core/instruments/kraken-pairs.ts';
import { defaultSymbols, SymbolTable } from '../../../src/core/instruments/symbols.ts';

/** Pairs as a catalog built only from WS v2 instrument data knows them: v2 names, no REST altname or pair id. */
const v2Only = (symbol: string, extra: Partial<KrakenPairInfo> = {}): KrakenPairInfo => {
  const [b, q] = symbol.split('/');
  return { symbol, pairId: b + q, altname: b + q, wsname: symbol, baseId: b, quoteId: q, priceDecimals: 2, lotDecimals: 8, costDecimals: 5, ordermin: '1', costmin: '0.5', ...extra };
};

describe('SymbolTable built from v2 names only (issue 11)', () => {
  const table = new SymbolTable(['BTC/USD', 'DOGE/USD', 'ETH/BTC', 'XLM/EUR', 'BTC/USDT'].map((s) => v2Only(s)));
  it.each([
    ['XBTUSD', 'BTC/USD'],
    ['XDGUSD', 'DOGE/USD'],
    ['XXBTZUSD', 'BTC/USD'],
    ['XXDGZUSD', 'DOGE/USD'],
    ['ETHXBT', 'ETH/BTC'],
    ['XETHXXBT', 'ETH/BTC'],
    ['XXLMZEUR', 'XLM/EUR'],
    ['XBTUSDT', 'BTC/USDT'],
    ['XBT/USD', 'BTC/USD'],
    ['xdg/usd', 'DOGE/USD'],
  ])('%s -> %s', (name, symbol) => expect(table.resolve(name)).toBe(symbol));

  it('still refuses names that match no pair, listing the known ones', () => {
    expect(() => table.resolve('XBTGBP')).toThrow(/unknown pair "XBTGBP"; available: BTC\/USD, DOGE\/USD/);
    expect(table.tryResolve('FOOUSD')).toBeUndefined();
  });
});

describe('instrument increments', () => {
  it('default to one unit of the last decimal; a source tick size wins', () => {
    const btc = defaultSymbols.instrument('BTC/USD');
    expect(qtyStep(btc)).toBe(parseFixed('0.00000001'));
    expect(priceTick(btc)).toBe(parseFixed('0.1'));
    const coarse = new SymbolTable([v2Only('ABC/USD', { priceDecimals: 4, tickSize: '0.0005', qtyIncrement: '0.1', lotDecimals: 1 })]).instrument('ABC/USD');
    expect(priceTick(coarse)).toBe(parseFixed('0.0005'));
    expect(qtyStep(coarse)).toBe(parseFixed('0.1'));
  });
});
