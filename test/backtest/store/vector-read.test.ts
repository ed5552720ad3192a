import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CandleBatch } from '../../../src/core/market/candle-batch.ts';
import { MarketStore, NoCandlesError } from '../../../src/backtest/store/index.ts';
import { collect, shuffle, type Row } from './helpers.ts';

/**
 * The loader reads window results straight from DuckDB's vectors (src/backtest/store/vector-read.ts).
 * Here every loaded value is compared bit for bit with a plain reference read: one sorted SQL
 * query through @duckdb/node-api's row objects, converted the obvious way (BIGINT -> Number,
 * NULL trades -> 0). The fixture holds the doubles most easily lost in a copy (-0, NaN,
 * infinities, the smallest subnormal, the largest double, values with no short decimal form),
 * open times before 1970, NULL and large trade counts, three physical orders, and a second
 * exchange on the same grid.
 */

const M = 60_000;
const T0 = Date.UTC(2023, 4, 1);
const SYMBOLS = ['AAA/USD', 'BBB/USD', 'CCC/USD'];
const EDGES = [-0, Number.NaN, Infinity, -Infinity, 5e-324, Number.MAX_VALUE, -Number.MAX_VALUE, 0.1 + 0.2, 1 / 3, 2 ** 53 + 2, -1e-300];
const MINUTES = 3000;

interface Stored {
  readonly exchange: string;
  readonly symbol: string;
  readonly openTime: number;
  readonly values: readonly number[]; // open, high, low, close, volume
  readonly trades: bigint | null;
}

const lit = (v: number): string => (Number.isNaN(v) ? "'nan'::DOUBLE" : v === Infinity ? "'inf'::DOUBLE" : v === -Infinity ? "'-inf'::DOUBLE" : Object.is(v, -0) ? "'-0.0'::DOUBLE" : `${v}::DOUBLE`);

/** Each pair on a one-minute grid with its own gaps; every 7th row carries edge doubles. */
function fixture(exchange: string, shift: number): Stored[] {
  return SYMBOLS.flatMap((symbol, s) =>
    Array.from({ length: MINUTES }, (_, i) => i)
      .filter((i) => (i * (s + 2)) % 11 !== 0 && !(s === 2 && i > 900 && i < 1700))
      .map((i): Stored => {
        const base = s * 1e4 + i / 7 + shift;
        const values = i % 7 === 0 ? [0, 1, 2, 3, 4].map((k) => EDGES[(i / 7 + k + s) % EDGES.length]) : [base, base + 0.5, base - 0.5, base + 0.25, (i % 13) / 10];
        const trades = i % 5 === 0 ? null : i % 9 === 0 ? 2n ** 53n + 1n : BigInt(i);
        // The first minutes of AAA/USD sit before the epoch: negative open times.
        const openTime = s === 0 && i < 10 ? -(10 - i) * M : T0 + i * M;
        return { exchange, symbol, openTime, values, trades };
      }),
  );
}

async function insert(store: MarketStore, rows: readonly Stored[]): Promise<void> {
  for (let at = 0; at < rows.length; at += 500) {
    const values = rows.slice(at, at + 500).map((r) => `('${r.exchange}', '${r.symbol}', 1, ${r.openTime}, ${r.values.map(lit).join(', ')}, ${r.trades === null ? 'NULL' : r.trades}, 'test')`);
    await store.connection.run(`INSERT INTO candles VALUES ${values.join(',')}`);
  }
}

/** The reference: one sorted query, row objects, plain conversions. */
async function reference(store: MarketStore, exchange: string, symbols: readonly string[], from: number, to: number): Promise<Row[]> {
  const list = symbols.map((s) => `'${s}'`).join(', ');
  const reader = await store.connection.runAndReadAll(
    `SELECT list_position([${list}], symbol) - 1 AS pair, open_time, open, high, low, close, volume, trades FROM candles
     WHERE exchange = '${exchange}' AND interval_min = 1 AND symbol IN (${list}) AND open_time >= ${from} AND open_time < ${to}
     ORDER BY open_time, pair`,
  );
  return reader.getRowObjectsJS().map((r) => ({
    pair: Number(r.pair),
    openTime: Number(r.open_time),
    open: r.open as number,
    high: r.high as number,
    low: r.low as number,
    close: r.close as number,
    volume: r.volume as number,
    trades: r.trades === null ? 0 : Number(r.trades as bigint),
  }));
}

const FIELDS = ['pair', 'openTime', 'open', 'high', 'low', 'close', 'volume', 'trades'] as const;
const bits = (v: number): string => {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, v);
  return view.getBigUint64(0).toString(16);
};
/** Rows as text of their values' IEEE-754 bits: equal text means bit-identical values (-0 and NaN included). */
const asBits = (rows: readonly Row[]): string[] => rows.map((r) => FIELDS.map((f) => bits(r[f])).join(' '));

describe('loaded values equal a plain reference read, bit for bit', () => {
  let store: MarketStore;
  const layouts: Record<string, Stored[]> = {};
  beforeAll(async () => {
    store = await MarketStore.open(':memory:');
    const rows = fixture('sorted', 0);
    layouts.sorted = [...rows].sort((a, b) => a.openTime - b.openTime || a.symbol.localeCompare(b.symbol));
    layouts.files = fixture('files', 0.125);
    layouts.shuffled = shuffle(fixture('shuffled', 0.375), 7);
    for (const layout of Object.values(layouts)) await insert(store, layout);
  });
  afterAll(() => store.close());

  it('the fixture holds the edge values it means to test', async () => {
    const reader = await store.connection.runAndReadAll(
      `SELECT count(*) FILTER (WHERE isnan(close)), count(*) FILTER (WHERE close = 'inf'::DOUBLE), count(*) FILTER (WHERE trades IS NULL), count(*) FILTER (WHERE open_time < 0), count(*) FILTER (WHERE trades > 9007199254740992) FROM candles`,
    );
    for (const n of reader.getRows()[0]) expect(Number(n)).toBeGreaterThan(0);
  });

  const cases: Array<[string, string[], number, number]> = [
    ['all pairs, whole range', SYMBOLS, -Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
    ['two pairs in another order, inner range', ['CCC/USD', 'AAA/USD'], T0 + 500 * M, T0 + 2500 * M],
    ['one pair, unaligned bounds', ['BBB/USD'], T0 + 17 * M + 1, T0 + 1999 * M - 1],
  ];
  for (const layout of ['sorted', 'files', 'shuffled']) {
    for (const [name, symbols, from, to] of cases) {
      it(`${layout}: ${name}, for every window and batch size`, async () => {
        const want = asBits(await reference(store, layout, symbols, from, to));
        expect(want.length).toBeGreaterThan(100);
        for (const [windowRows, batchSize] of [[undefined, undefined], [500, 7], [64, 1000], [1 << 20, 3]] as const) {
          const { rows } = await collect(store.loadCandles({ exchange: layout, symbols, interval: 1, from, to, windowRows, batchSize }));
          expect(asBits(rows), `windowRows ${windowRows} batchSize ${batchSize}`).toEqual(want);
        }
      });
    }
  }

  it('fresh batches (reuseBatch false) keep their values after later batches are read', async () => {
    const want = asBits(await reference(store, 'files', SYMBOLS, 0, T0 + MINUTES * M));
    const batches: CandleBatch[] = [];
    for await (const b of store.loadCandles({ exchange: 'files', symbols: SYMBOLS, interval: 1, from: 0, to: T0 + MINUTES * M, batchSize: 100, reuseBatch: false, windowRows: 300 })) batches.push(b);
    expect(batches.length).toBeGreaterThan(10);
    const { rows } = await collect((async function* () { yield* batches; })());
    expect(asBits(rows)).toEqual(want);
  });

  it('bad input still gets its one-line error', async () => {
    const messageOf = async (p: Promise<unknown>): Promise<string> => p.then(() => 'no error', (e: unknown) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e)));
    const unknownPair = await messageOf(collect(store.loadCandles({ exchange: 'sorted', symbols: ['AAA/USD', 'NOPE/USD'], interval: 1, from: 0, to: T0 + MINUTES * M })));
    expect(unknownPair).toBe('NoCandlesError: no sorted NOPE/USD candles at 1m or at a finer interval that divides it; stored for NOPE/USD: nothing');
    const inverted = await messageOf(collect(store.loadCandles({ exchange: 'sorted', symbols: ['AAA/USD'], interval: 1, from: T0 + M, to: T0 })));
    expect(inverted).toBe('RangeError: loadCandles: empty range [2023-05-01T00:01:00.000Z, 2023-05-01T00:00:00.000Z)');
    const outside = await messageOf(collect(store.loadCandles({ exchange: 'sorted', symbols: ['BBB/USD'], interval: 1, from: 0, to: T0 })));
    expect(outside).toBe(`NoCandlesError: no sorted BBB/USD 1m candles between 1970-01-01T00:00:00.000Z and 2023-05-01T00:00:00.000Z; stored range is 2023-05-01T00:01:00.000Z..2023-05-03T01:59:00.000Z (${layouts.sorted.filter((r) => r.symbol === 'BBB/USD').length} 1m candles)`);
    for (const m of [unknownPair, inverted, outside]) expect(m).not.toContain('\n');
    await expect(collect(store.loadCandles({ exchange: 'sorted', symbols: ['NOPE/USD'], interval: 1, from: 0, to: 1 }))).rejects.toBeInstanceOf(NoCandlesError);
  });
});
