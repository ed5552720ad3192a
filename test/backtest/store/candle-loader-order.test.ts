import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MarketStore } from '../../../src/backtest/store/index.ts';
import { collect, shuffle, type Row } from './helpers.ts';

/**
 * Direct loads read windows without ORDER BY and merge runs in JS; these tests store the same
 * candles in different physical orders and require exactly the rows a sorted read gives.
 */

const H = 3_600_000;
const T0 = Date.UTC(2022, 0, 1);
const HOURS = 1200;
const SYMBOLS = ['AAA/USD', 'BBB/USD', 'CCC/USD'];

interface Stored {
  symbol: string;
  hour: number;
}

/** Every pair on one hourly grid with its own gaps, so timestamps are shared by some pairs and not others. */
const STORED: Stored[] = SYMBOLS.flatMap((symbol, s) =>
  Array.from({ length: HOURS }, (_, hour) => ({ symbol, hour })).filter(({ hour }) => (hour * (s + 3)) % 7 !== 0 && !(s === 1 && hour > 400 && hour < 700)),
);
const value = (symbol: string, hour: number): number => SYMBOLS.indexOf(symbol) * 100_000 + hour;

async function insert(store: MarketStore, exchange: string, rows: readonly Stored[]): Promise<void> {
  for (let at = 0; at < rows.length; at += 500) {
    const values = rows.slice(at, at + 500).map(({ symbol, hour }) => {
      const v = value(symbol, hour);
      return `('${exchange}', '${symbol}', 60, ${T0 + hour * H}, ${v}, ${v + 0.5}, ${v - 0.5}, ${v + 0.25}, ${hour + 1}, ${hour % 5 === 0 ? 'NULL' : hour}, 'test')`;
    });
    await store.connection.run(`INSERT INTO candles VALUES ${values.join(',')}`);
  }
}

/** What a sorted read must give for `symbols` over [from, to): by (open time, pair index). */
function expected(symbols: readonly string[], from: number, to: number): Row[] {
  return STORED.filter((r) => symbols.includes(r.symbol) && T0 + r.hour * H >= from && T0 + r.hour * H < to)
    .map(({ symbol, hour }): Row => {
      const v = value(symbol, hour);
      return { pair: symbols.indexOf(symbol), openTime: T0 + hour * H, open: v, high: v + 0.5, low: v - 0.5, close: v + 0.25, volume: hour + 1, trades: hour % 5 === 0 ? 0 : hour };
    })
    .sort((a, b) => a.openTime - b.openTime || a.pair - b.pair);
}

const bySymbolThenTime = [...STORED].sort((a, b) => a.symbol.localeCompare(b.symbol) || a.hour - b.hour);
/** Physical layouts: name -> insertion order. */
const LAYOUTS: Record<string, Stored[]> = {
  // time-major, as the benchmark inserts: one run
  sorted: [...STORED].sort((a, b) => a.hour - b.hour || a.symbol.localeCompare(b.symbol)),
  // one sorted file per pair: a run per pair
  files: bySymbolThenTime,
  // each pair's history imported as 100-hour files, newest file first
  filesNewestFirst: [...bySymbolThenTime].sort((a, b) => a.symbol.localeCompare(b.symbol) || Math.floor(b.hour / 100) - Math.floor(a.hour / 100) || a.hour - b.hour),
  // no order at all: too many runs, the loader falls back to DuckDB's sort
  shuffled: shuffle(STORED, 42),
};

describe('direct loads do not depend on physical row order', () => {
  let store: MarketStore;
  beforeAll(async () => {
    store = await MarketStore.open(':memory:');
    for (const [exchange, rows] of Object.entries(LAYOUTS)) await insert(store, exchange, rows);
    // A store edited after import: delete a stretch and insert it again, so it sits at the end.
    await insert(store, 'edited', LAYOUTS.files);
    await store.connection.run(`DELETE FROM candles WHERE exchange = 'edited' AND open_time BETWEEN ${T0 + 300 * H} AND ${T0 + 350 * H}`);
    await insert(store, 'edited', shuffle(STORED.filter((r) => r.hour >= 300 && r.hour <= 350), 3));
  });
  afterAll(() => store.close());

  it('the layouts really are stored in different orders (premise of the tests below)', async () => {
    const physical = async (exchange: string): Promise<string> =>
      (await store.connection.runAndReadAll(`SELECT open_time, symbol FROM candles WHERE exchange = '${exchange}' ORDER BY rowid`)).getRowsJson().map(String).join('|');
    const orders = await Promise.all(Object.keys(LAYOUTS).map(physical));
    expect(new Set(orders).size).toBe(Object.keys(LAYOUTS).length);
  });

  const exchanges = [...Object.keys(LAYOUTS), 'edited'];
  const shapes = [
    { symbols: SYMBOLS, from: 0, to: T0 + 10_000 * H },
    { symbols: ['CCC/USD', 'AAA/USD', 'BBB/USD'], from: T0 + 250 * H, to: T0 + 650 * H },
    { symbols: ['BBB/USD', 'AAA/USD'], from: T0 + 90 * H + 1, to: T0 + 1111 * H },
    { symbols: ['BBB/USD'], from: T0 + 399 * H, to: T0 + 702 * H },
  ];
  it.each(exchanges)('%s: same rows as a sorted read, for every batch size, window size and batch reuse', async (exchange) => {
    for (const shape of shapes) {
      const want = expected(shape.symbols, shape.from, shape.to);
      expect(want.length).toBeGreaterThan(0);
      for (const tuning of [{}, { batchSize: 1 }, { batchSize: 7, windowRows: 50 }, { batchSize: 4096, windowRows: 333, reuseBatch: false }]) {
        const { rows, sizes } = await collect(store.loadCandles({ exchange, interval: 60, ...shape, ...tuning }));
        expect(rows, `${JSON.stringify(shape.symbols)} ${JSON.stringify(tuning)}`).toEqual(want);
        const size = 'batchSize' in tuning ? tuning.batchSize : 8192;
        expect(sizes.slice(0, -1).every((n) => n === size)).toBe(true);
      }
    }
  });

  it('orders equal timestamps by pair index and keeps each pair\'s gaps', async () => {
    const { rows } = await collect(store.loadCandles({ exchange: 'files', symbols: ['CCC/USD', 'AAA/USD', 'BBB/USD'], interval: 60, from: T0, to: T0 + 8 * H }));
    // hour h is missing for pair s when h*(s+3) % 7 === 0 (s = index in SYMBOLS): hour 0 and 7 for all
    expect(rows.map((r) => [(r.openTime - T0) / H, r.pair])).toEqual([
      [1, 0], [1, 1], [1, 2], [2, 0], [2, 1], [2, 2], [3, 0], [3, 1], [3, 2], [4, 0], [4, 1], [4, 2], [5, 0], [5, 1], [5, 2], [6, 0], [6, 1], [6, 2],
    ]);
    const { rows: gap } = await collect(store.loadCandles({ exchange: 'shuffled', symbols: ['BBB/USD', 'CCC/USD'], interval: 60, from: T0 + 399 * H, to: T0 + 702 * H }));
    expect(gap.filter((r) => r.pair === 0).map((r) => (r.openTime - T0) / H)).toEqual([400, 701]); // 399 and 700 are multiples of 7: missing too
  });

  it('stopping early while the next window is being read leaves the store usable', async () => {
    for (const exchange of ['files', 'shuffled']) {
      let seen = 0;
      for await (const b of store.loadCandles({ exchange, symbols: SYMBOLS, interval: 60, from: 0, to: T0 + 10_000 * H, batchSize: 10, windowRows: 100 })) {
        seen += b.length;
        if (seen >= 30) break;
      }
      expect(seen).toBe(30);
    }
    const { rows } = await collect(store.loadCandles({ exchange: 'files', symbols: SYMBOLS, interval: 60, from: 0, to: T0 + 10_000 * H }));
    expect(rows).toEqual(expected(SYMBOLS, 0, T0 + 10_000 * H));
  });
});
