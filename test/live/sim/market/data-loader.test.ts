import { fileURLToPath } from 'node:url';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatFixed } from '../../../../src/core/decimal/fixed.ts';
import { SimCatalog } from '../../../../src/live/sim/catalog/catalog.ts';
import { loadMarketData } from '../../../../src/live/sim/market/data-loader.ts';
import { FIXTURES } from '../helpers.ts';

const catalog = new SimCatalog();
const dir = mkdtempSync(join(tmpdir(), 'sim-data-'));

describe('loadMarketData', () => {
  it('replays a real Kraken OHLCVT file as 4 trades per candle, pair and interval from the name', () => {
    const trades = loadMarketData(fileURLToPath(new URL('../../../../data/bundled/kraken/ohlcvt/1440/SOLUSD_1440.csv.gz', import.meta.url)), catalog);
    expect(trades[0].symbol).toBe('SOL/USD');
    expect(trades.length).toBeGreaterThan(3000);
    expect(trades[1].time - trades[0].time).toBe(86_400_000 / 4);
  });

  it('reads the fixtures directory (rest-Trades.json)', () => {
    const trades = loadMarketData(FIXTURES, catalog);
    expect(trades.length).toBe(31);
    expect(trades[0]).toMatchObject({ symbol: 'BTC/USD', side: 'buy', ordType: 'limit' });
    expect(formatFixed(trades[0].price)).toBe('37247');
  });

  it('reads a headerless trades CSV', () => {
    const f = join(dir, 'XBTUSD.csv');
    writeFileSync(f, '1700000000.5,37000.1,0.5,s\n1700000001,37000.2,0.25\n');
    const trades = loadMarketData(f, catalog);
    expect(trades.map((t) => [t.time, formatFixed(t.price), formatFixed(t.qty), t.side])).toEqual([
      [1700000000500, '37000.1', '0.5', 'sell'],
      [1700000001000, '37000.2', '0.25', 'buy'],
    ]);
  });

  it.each([
    ['XBTUSD_60.csv', '1700000000,1,2,0.5,1,abc,3\n', /XBTUSD_60\.csv:1: volume is not a decimal number: "abc"/],
    ['XBTUSD_60b.csv', '1700000000,1,2,0.5,1,1,3\n1700000000,1,2,0.5,1,1,3\n', /:2: timestamps must increase/],
    ['XBTUSD_60c.csv', '1700000000,1,2,1.5,1,1,3\n', /:1: inconsistent candle/],
    ['NOPE_60.csv', '1700000000,1,2,0.5,1,1,3\n', /unknown pair "NOPE"/],
  ])('rejects bad input in %s with file and line', (name, body, message) => {
    const f = join(dir, name);
    writeFileSync(f, body);
    expect(() => loadMarketData(f, catalog)).toThrow(message);
  });
});
