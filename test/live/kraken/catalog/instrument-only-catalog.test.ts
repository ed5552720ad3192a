import { describe, expect, it } from 'vitest';
import { MarketCatalog } from '../../../../src/live/kraken/catalog/market-catalog.ts';
import type { InstrumentMessage } from '../../../../src/live/kraken/ws/messages/market-data.ts';
import { parseKrakenWsFrame } from '../../../../src/live/kraken/ws/messages/parse.ts';

const pair = (symbol: string, base: string, tick: string) =>
  `{"symbol":"${symbol}","base":"${base}","quote":"USD","status":"online","qty_precision":8,"qty_increment":0.00000001,"qty_min":1,"price_precision":7,"price_increment":${tick},"cost_precision":5,"cost_min":0.5,"marginable":false,"has_index":true,"cost_increment":0.00001,"tick_size":${tick}}`;

describe('a catalog built only from WS instrument data (issue 11)', () => {
  it('resolves Kraken altnames XBTUSD and XDGUSD without the static fallback, and keeps the tick size', () => {
    const r = parseKrakenWsFrame(`{"channel":"instrument","type":"snapshot","data":{"assets":[],"pairs":[${pair('BTC/USD', 'BTC', '0.1')},${pair('DOGE/USD', 'DOGE', '0.0000001')}]}}`);
    if (!r.ok) throw r.error;
    const c = new MarketCatalog();
    c.applyInstrument(r.message as InstrumentMessage);
    const table = c.toSymbolTable([]);
    expect(table.resolve('XBTUSD')).toBe('BTC/USD');
    expect(table.resolve('XDGUSD')).toBe('DOGE/USD');
    expect(table.resolve('XXBTZUSD')).toBe('BTC/USD');
    expect(table.instrument('BTC/USD').tickSize).toBe(10n ** 17n);
  });
});
