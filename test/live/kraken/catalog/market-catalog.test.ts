import { describe, expect, it } from 'vitest';
import { CatalogDataError, v2SymbolFromWsname } from '../../../../src/live/kraken/catalog/catalog-entry.ts';
import { catalogFromAssetPairs } from '../../../../src/live/kraken/catalog/from-asset-pairs.ts';
import { MarketCatalog } from '../../../../src/live/kraken/catalog/market-catalog.ts';
import { parseKrakenWsFrame } from '../../../../src/live/kraken/ws/messages/parse.ts';
import type { InstrumentMessage } from '../../../../src/live/kraken/ws/messages/market-data.ts';
import { fixtureText } from '../ws/fixture-files.ts';

const assetPairs = () => JSON.parse(fixtureText('rest-AssetPairs-sample.json'));
const xbtUsdt = () => JSON.parse(fixtureText('rest-AssetPairs-XBTUSDT.json'));

function instrumentSnapshot(): InstrumentMessage {
  const r = parseKrakenWsFrame(fixtureText('ws-v2-instrument-snapshot.json'));
  if (!r.ok) throw r.error;
  return r.message as InstrumentMessage;
}

describe('v2 symbols from wsname', () => {
  it.each([
    ['XBT/USD', 'BTC/USD'],
    ['XDG/EUR', 'DOGE/EUR'],
    ['ETH/XBT', 'ETH/BTC'],
    ['USDC/USD', 'USDC/USD'],
    ['XBTUSD', undefined],
  ])('%s -> %s', (ws, v2) => expect(v2SymbolFromWsname(ws)).toBe(v2));
});

describe('catalog from REST AssetPairs', () => {
  it('builds KrakenPairInfo-shaped entries from the captured sample', () => {
    const { entries, skipped } = catalogFromAssetPairs(assetPairs());
    expect(skipped).toEqual([]);
    expect(entries.find((e) => e.symbol === 'BTC/USD')).toEqual({
      symbol: 'BTC/USD',
      pairId: 'XXBTZUSD',
      altname: 'XBTUSD',
      wsname: 'XBT/USD',
      baseId: 'XXBT',
      quoteId: 'ZUSD',
      base: 'BTC',
      quote: 'USD',
      priceDecimals: 1,
      lotDecimals: 8,
      costDecimals: 5,
      ordermin: '0.0001',
      costmin: '0.5',
      tickSize: '0.1',
      status: 'online',
      source: 'rest',
    });
    expect(entries.map((e) => e.symbol).sort()).toEqual(['BTC/USD', 'ETH/BTC', 'USDC/USD']);
    expect(catalogFromAssetPairs(xbtUsdt()).entries[0]).toMatchObject({ symbol: 'BTC/USDT', pairId: 'XBTUSDT', ordermin: '0.00005' });
  });

  it('skips pairs without a wsname, and rejects malformed pairs naming pair and field', () => {
    const input = { result: { 'XXBTZUSD.d': { altname: 'XBTUSD.d', base: 'XXBT', quote: 'ZUSD', pair_decimals: 1, lot_decimals: 8 } }, error: [] };
    expect(catalogFromAssetPairs(input)).toEqual({ entries: [], skipped: [{ pairId: 'XXBTZUSD.d', reason: 'no wsname (not tradable on WebSocket)' }] });
    const bad = assetPairs();
    bad.result.XXBTZUSD.ordermin = 'lots';
    expect(() => catalogFromAssetPairs(bad)).toThrow(CatalogDataError);
    expect(() => catalogFromAssetPairs(bad)).toThrow(/catalog pair XXBTZUSD: ordermin: expected a decimal string/);
    const bad2 = assetPairs();
    bad2.result.XETHXXBT.pair_decimals = 1.5;
    expect(() => catalogFromAssetPairs(bad2)).toThrow(/XETHXXBT: pair_decimals/);
    expect(() => catalogFromAssetPairs([])).toThrow(/keyed by pair id/);
  });
});

describe('MarketCatalog', () => {
  it('merges REST names with WS v2 instrument data (WS values win), in either order', () => {
    for (const order of ['rest-first', 'ws-first'] as const) {
      const c = new MarketCatalog();
      if (order === 'rest-first') {
        c.applyAssetPairs(assetPairs());
        c.applyInstrument(instrumentSnapshot());
      } else {
        c.applyInstrument(instrumentSnapshot());
        c.applyAssetPairs(assetPairs());
      }
      expect(c.get('BTC/USD')).toMatchObject({ pairId: 'XXBTZUSD', altname: 'XBTUSD', wsname: 'XBT/USD', ordermin: '0.0001', costmin: '0.5', tickSize: '0.1', source: 'rest+ws' });
      // MATIC/GBP is only on the WS side; its qty_increment 1e-08 style numbers become plain decimals.
      expect(c.get('MATIC/GBP')).toMatchObject({ pairId: '', priceDecimals: 4, lotDecimals: 8, costDecimals: 6, ordermin: '4.0', costmin: '0.43', tickSize: '0.0001', source: 'ws' });
      expect(c.get('USDC/USD')?.source).toBe('rest');
      expect(c.size).toBe(4);
    }
  });

  it('applies instrument updates (status changes) without dropping unlisted pairs', () => {
    const c = MarketCatalog.fromSources({ assetPairs: assetPairs(), instrument: instrumentSnapshot() });
    const update = parseKrakenWsFrame(
      '{"channel":"instrument","type":"update","data":{"assets":[],"pairs":[{"symbol":"BTC/USD","base":"BTC","quote":"USD","status":"cancel_only","qty_precision":8,"qty_min":0.0001,"price_precision":1,"cost_precision":5,"cost_min":0.5}]}}',
    );
    if (!update.ok) throw update.error;
    c.applyInstrument(update.message as InstrumentMessage);
    expect(c.get('BTC/USD')).toMatchObject({ status: 'cancel_only', pairId: 'XXBTZUSD' });
    expect(c.size).toBe(4);
    expect(c.tradableSymbols()).toEqual(['ETH/BTC', 'MATIC/GBP', 'USDC/USD']);
  });

  it('extends SymbolTable: every spelling resolves, WS-only pairs too, static pairs kept as fallback', () => {
    const c = MarketCatalog.fromSources({ assetPairs: { ...assetPairs().result, ...xbtUsdt().result }, instrument: instrumentSnapshot() });
    const table = c.toSymbolTable();
    expect(['XXBTZUSD', 'XBTUSD', 'XBT/USD', 'BTC/USD'].map((n) => table.resolve(n))).toEqual(Array(4).fill('BTC/USD'));
    expect(['XBTUSDT', 'XBT/USDT', 'BTC/USDT'].map((n) => table.resolve(n))).toEqual(Array(3).fill('BTC/USDT'));
    expect(table.resolve('ETHXBT')).toBe('ETH/BTC');
    expect(table.resolve('MATIC/GBP')).toBe('MATIC/GBP');
    expect(table.resolve('SOLUSD')).toBe('SOL/USD'); // from the static fallback
    expect(table.instrument('MATIC/GBP')).toMatchObject({ priceDecimals: 4, minQty: 4n * 10n ** 18n, exchange: 'kraken' });
    expect(new Set(table.symbols()).size).toBe(table.symbols().length);
  });
});
