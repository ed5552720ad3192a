import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BUNDLED_DIR, ImportError, ImportRejectedError, importBundled, importFile, MarketStore, readManifest, type ImportReport } from '../../../src/backtest/store/index.ts';
import { FIXTURES, snapshot } from './helpers.ts';

describe('bundled real files', () => {
  let store: MarketStore;
  let reports: ImportReport[];
  beforeAll(async () => {
    store = await MarketStore.open(':memory:');
    reports = await importBundled(store, { progressBar: false });
  });
  afterAll(() => store.close());

  // Row counts from shared/data/SOURCES.md, one per file.
  const expected: Record<string, number> = {
    'kraken/ohlcvt/60/XBTUSD_60.csv.gz': 70253, 'kraken/ohlcvt/60/ETHUSD_60.csv.gz': 63568,
    'kraken/ohlcvt/1440/XBTUSD_1440.csv.gz': 4548, 'kraken/ohlcvt/1440/ETHUSD_1440.csv.gz': 3154,
    'kraken/ohlcvt/1440/ADAUSD_1440.csv.gz': 2012, 'kraken/ohlcvt/1440/SOLUSD_1440.csv.gz': 1019,
    'kraken/ohlcvt/1440/XRPUSD_1440.csv.gz': 2507, 'kraken/ohlcvt/1440/LTCUSD_1440.csv.gz': 3625,
    'kraken/other-exporters/60/SOLUSD_60.csv.gz': 22220,
    'kraken/cryptodatadownload/60/XRPUSD_60.csv.gz': 14972, 'kraken/cryptodatadownload/60/LTCUSD_60.csv.gz': 14972,
    'binance/klines/1m/AVAXUSDT-1m-2026-06.csv.gz': 43200, 'binance/klines/1m/AVAXUSDT-1m-2026-07.csv.gz': 44640,
    'binance/klines/1m/DOTUSDT-1m-2024-11.csv.gz': 43200, 'binance/klines/1m/LINKUSDT-1m-2023-02.csv.gz': 40320,
    'binance/cryptodatadownload/60/ADAUSDT_60.csv.gz': 7478, 'binance/cryptodatadownload/60/DOTUSDT_60.csv.gz': 5363,
  };

  it('imports every manifest file with the row count SOURCES.md gives, no bad rows', async () => {
    const manifest = await readManifest();
    expect(manifest.files.map((f) => f.path).sort()).toEqual(Object.keys(expected).sort());
    for (const [i, entry] of manifest.files.entries()) {
      const r = reports[i];
      expect(entry.rows, entry.path).toBe(expected[entry.path]);
      expect({ path: entry.path, read: r.rowsRead, inserted: r.inserted, bad: r.skippedBad.length, symbol: r.symbol, exchange: r.exchange })
        .toEqual({ path: entry.path, read: entry.rows, inserted: entry.rows, bad: 0, symbol: entry.symbol, exchange: entry.exchange });
    }
  });

  it.each([
    ['kraken', 'BTC/USD', 60, 70253, '2013-10-06T21:00:00.000Z', '2023-01-07T09:00:00.000Z'],
    ['kraken', 'ETH/USD', 1440, 3154, '2015-08-07T00:00:00.000Z', '2024-03-31T00:00:00.000Z'],
    ['kraken', 'SOL/USD', 60, 22220, '2021-06-17T16:00:00.000Z', '2023-12-31T23:00:00.000Z'],
    ['kraken', 'LTC/USD', 60, 14972, '2018-04-01T00:00:00.000Z', '2019-12-15T19:00:00.000Z'],
    ['binance', 'AVAX/USDT', 1, 87840, '2026-06-01T00:00:00.000Z', '2026-07-31T23:59:00.000Z'],
    ['binance', 'DOT/USDT', 60, 5363, '2021-04-26T08:00:00.000Z', '2021-12-06T00:00:00.000Z'],
  ] as const)('%s %s %i: range and count match SOURCES.md', async (exchange, symbol, interval, count, first, last) => {
    const range = await store.candleRange({ exchange, symbol, interval });
    expect(range && { count: range.count, first: new Date(range.first).toISOString(), last: new Date(range.last).toISOString() }).toEqual({ count, first, last });
  });

  it('keeps trade counts where the source has them and NULL where it does not', async () => {
    const r = (await store.connection.runAndReadAll(`SELECT symbol, interval_min, count(trades) AS known, count(*) AS n FROM candles
      WHERE symbol IN ('BTC/USD', 'SOL/USD', 'ADA/USDT') GROUP BY ALL ORDER BY ALL`)).getRowsJS();
    expect(r).toEqual([
      ['ADA/USDT', 60, 7478n, 7478n], ['BTC/USD', 60, 70253n, 70253n], ['BTC/USD', 1440, 4548n, 4548n],
      ['SOL/USD', 60, 0n, 22220n], ['SOL/USD', 1440, 1019n, 1019n],
    ]);
  });

  it('re-importing the same file changes nothing and says so', async () => {
    const before = await snapshot(store);
    const again = await importFile(store, join(BUNDLED_DIR, 'kraken/ohlcvt/60/XBTUSD_60.csv.gz'));
    expect(again).toMatchObject({ alreadyImported: true, inserted: 0, rowsRead: 70253, skippedDuplicates: 70253, conflicts: 0, symbol: 'BTC/USD', intervalMin: 60 });
    expect(await snapshot(store)).toBe(before);
  });

  it('the same rows in another file (plain instead of gzip) are counted as duplicates, not re-inserted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'imp-'));
    try {
      const plain = join(dir, 'XBTUSD_1440.csv');
      writeFileSync(plain, (await import('node:zlib')).gunzipSync(readFileSync(join(BUNDLED_DIR, 'kraken/ohlcvt/1440/XBTUSD_1440.csv.gz'))));
      const r = await importFile(store, plain);
      expect(r).toMatchObject({ format: 'kraken-ohlcvt', alreadyImported: false, inserted: 0, skippedDuplicates: 4548, conflicts: 0 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('fixtures', () => {
  let store: MarketStore;
  let dir: string;
  beforeEach(async () => {
    store = await MarketStore.open(':memory:');
    dir = mkdtempSync(join(tmpdir(), 'imp-'));
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const badKraken = join(FIXTURES, 'kraken-bad/XBTUSD_60.csv');
  const expectedBad: Array<[number, RegExp]> = [
    [3, /wrong column count: 6 instead of 7/],
    [4, /open is not a number: "abc"/],
    [5, /high is NaN\/Infinity: "NaN"/],
    [6, /high is NaN\/Infinity: "Infinity"/],
    [7, /negative price: open=-112/],
    [8, /negative volume: -1/],
    [9, /high < low \(high=100, low=109\)/],
    [10, /open 120 outside \[low 109, high 115\]/],
    [11, /close 108 outside \[low 109, high 115\]/],
    [13, /duplicate timestamp 1609498800/],
    [14, /out-of-order timestamp 1609495200/],
    [16, /not aligned to the 60-minute interval/],
  ];

  it('rejects a file with bad rows, naming every bad line, and leaves the store unchanged', async () => {
    await importFile(store, join(FIXTURES, 'normalised/ETHUSD_60.csv'), { exchange: 'kraken' });
    const before = await snapshot(store);
    const err = await importFile(store, badKraken).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportRejectedError);
    const rejected = err as ImportRejectedError;
    expect(rejected.badRows.map((b) => b.line)).toEqual(expectedBad.map(([line]) => line));
    for (const [i, [line, reason]] of expectedBad.entries()) {
      expect(rejected.badRows[i].reason, `line ${line}`).toMatch(reason);
      expect(rejected.message).toContain(`XBTUSD_60.csv:${line}: `);
    }
    expect(rejected.message).toMatch(/12 bad rows; import rejected, nothing was written/);
    expect(await snapshot(store)).toBe(before);
  });

  it('with skipBadRows imports the good rows and lists every skipped line', async () => {
    const r = await importFile(store, badKraken, { skipBadRows: true });
    expect(r.skippedBad.map((b) => [b.line, b.text])).toEqual(expectedBad.map(([line]) => [line, readFileSync(badKraken, 'utf8').split('\n')[line - 1]]));
    expect(r).toMatchObject({ rowsRead: 16, inserted: 4, skippedDuplicates: 0, symbol: 'BTC/USD', intervalMin: 60 });
    const times = (await store.connection.runAndReadAll('SELECT open_time // 1000 FROM candles ORDER BY 1')).getRowsJS().map((x) => Number(x[0]));
    expect(times).toEqual([1609459200, 1609462800, 1609498800, 1609502400]);
    const imports = (await store.connection.runAndReadAll('SELECT rows_read, rows_inserted, rows_skipped FROM imports')).getRowsJS();
    expect(imports).toEqual([[16n, 4n, 12n]]);
  });

  it('lists the first 20 bad lines and a count of the rest', async () => {
    const lines = Array.from({ length: 25 }, (_, i) => `${1609459200 + i * 3600},1,1,2,1,1,1`); // high < low everywhere
    const path = join(dir, 'XBTUSD_60.csv');
    writeFileSync(path, lines.join('\n'));
    const err = (await importFile(store, path).catch((e: unknown) => e)) as ImportRejectedError;
    expect(err.badRows).toHaveLength(25);
    expect(err.message).toContain(':20: ');
    expect(err.message).not.toContain(':21: ');
    expect(err.message).toContain('and 5 more bad lines');
  });

  it('reads .csv.gz as well as .csv', async () => {
    const path = join(dir, 'ETHUSD_60.csv.gz');
    writeFileSync(path, gzipSync(readFileSync(join(FIXTURES, 'normalised/ETHUSD_60.csv'))));
    const r = await importFile(store, path, { exchange: 'kraken' });
    expect(r).toMatchObject({ format: 'normalised-ohlcv', symbol: 'ETH/USD', inserted: 2 });
  });

  it('normalised files need the exchange; extra columns are ignored; missing ones named', async () => {
    const eth = join(FIXTURES, 'normalised/ETHUSD_60.csv');
    await expect(importFile(store, eth)).rejects.toThrow(/pass exchange/);
    await expect(importFile(store, eth, { exchange: 'kraken' })).resolves.toMatchObject({ rowsRead: 2, inserted: 2 });
    const row = (await store.connection.runAndReadAll('SELECT open, high, low, close, volume, trades FROM candles ORDER BY open_time LIMIT 1')).getRowsJS();
    expect(row).toEqual([[700, 710, 690, 705, 12.5, null]]);
    await expect(importFile(store, join(FIXTURES, 'normalised/SOLUSD_60.csv'), { exchange: 'kraken' })).rejects.toThrow(/header lacks column "close"/);
  });

  it('imports Binance klines with microsecond times (newer dumps), headerless', async () => {
    const r = await importFile(store, join(FIXTURES, 'binance-us/AVAXUSDT-1m-2026-08.csv'));
    expect(r).toMatchObject({ format: 'binance-klines', exchange: 'binance', symbol: 'AVAX/USDT', intervalMin: 1, inserted: 3 });
    const rows = (await store.connection.runAndReadAll('SELECT open_time, trades FROM candles ORDER BY 1')).getRowsJS();
    expect(rows).toEqual([[1785542400000n, 10n], [1785542460000n, 8n], [1785542580000n, 2n]]);
  });

  it('checks a Binance close_time against the interval', async () => {
    const path = join(dir, 'AVAXUSDT-5m-2026-08.csv');
    copyFileSync(join(FIXTURES, 'binance-us/AVAXUSDT-1m-2026-08.csv'), path);
    const err = (await importFile(store, path).catch((e: unknown) => e)) as ImportRejectedError;
    expect(err.badRows.map((b) => b.line)).toEqual([1, 2, 3]);
    expect(err.badRows[0].reason).toMatch(/close_time 1785542459999999 does not end the 5-minute candle/);
  });

  it('imports Kraken trades with exact microsecond times and ordinals for equal times; idempotent', async () => {
    const path = join(FIXTURES, 'trades/XBTUSD.csv');
    const r = await importFile(store, path);
    expect(r).toMatchObject({ format: 'kraken-trades', exchange: 'kraken', symbol: 'BTC/USD', rowsRead: 5, inserted: 5 });
    expect(r.intervalMin).toBeUndefined();
    const rows = (await store.connection.runAndReadAll('SELECT time, price, volume, side, ordinal FROM trades ORDER BY time, ordinal')).getRowsJS();
    expect(rows).toEqual([
      [1381095255453100n, 122, 0.1, null, 0], [1381095255453100n, 122.5, 0.2, null, 1], [1381095260000000n, 123, 1, null, 0],
      [1381095320500000n, 121, 0.5, null, 0], [1381098900000001n, 125, 0.25, null, 0],
    ]);
    const before = await snapshot(store);
    expect(await importFile(store, path)).toMatchObject({ alreadyImported: true, inserted: 0, skippedDuplicates: 5 });
    expect(await snapshot(store)).toBe(before);
  });

  it('reports bad trade rows by line', async () => {
    const path = join(FIXTURES, 'trades-bad/XBTUSD.csv');
    const before = await snapshot(store);
    const err = (await importFile(store, path).catch((e: unknown) => e)) as ImportRejectedError;
    expect(err.badRows.map((b) => [b.line, b.reason.split(':')[0]])).toEqual([
      [2, 'wrong column count'], [3, 'price is not a number'], [4, 'negative price'], [5, 'out-of-order timestamp 1381095250 (earlier than the previous trade)'], [6, 'negative volume'],
    ]);
    expect(await snapshot(store)).toBe(before);
    expect(await importFile(store, path, { skipBadRows: true })).toMatchObject({ inserted: 2, skippedBad: expect.arrayContaining([expect.objectContaining({ line: 5 })]) });
  });

  it('names unknown Kraken pairs, missing intervals and contradicting intervals', async () => {
    const unknown = join(dir, 'FOOUSD_60.csv');
    copyFileSync(badKraken, unknown);
    await expect(importFile(store, unknown)).rejects.toThrow(/unknown pair "FOOUSD"; available: BTC\/USD/);
    const noInterval = join(dir, 'XBTUSD.csv');
    writeFileSync(noInterval, '1609459200,100,110,90,105,1.5,10\n');
    await expect(importFile(store, noInterval)).rejects.toThrow(ImportError);
    await expect(importFile(store, noInterval)).rejects.toThrow(/pass intervalMin/);
    await expect(importFile(store, noInterval, { intervalMin: '1h' })).resolves.toMatchObject({ intervalMin: 60, inserted: 1 });
    await expect(importFile(store, badKraken, { intervalMin: 15 })).rejects.toThrow(/file name says 60/);
    const empty = join(dir, 'XBTUSD_5.csv');
    writeFileSync(empty, '');
    await expect(importFile(store, empty)).rejects.toThrow(/empty; cannot tell its format/);
    await expect(importFile(store, empty, { format: 'kraken-ohlcvt' })).resolves.toMatchObject({ rowsRead: 0, inserted: 0 });
  });

  it('reports rows that clash with stored values as conflicts and keeps the stored ones', async () => {
    const a = join(dir, 'a', 'XBTUSD_60.csv');
    const b = join(dir, 'b', 'XBTUSD_60.csv');
    for (const [p, close] of [[a, 105], [b, 106]] as const) {
      (await import('node:fs')).mkdirSync(join(p, '..'), { recursive: true });
      writeFileSync(p, `1609459200,100,110,90,${close},1.5,10\n1609462800,105,112,100,111,2,12\n`);
    }
    await importFile(store, a);
    expect(await importFile(store, b)).toMatchObject({ inserted: 0, skippedDuplicates: 2, conflicts: 1 });
    const close = (await store.connection.runAndReadAll('SELECT close FROM candles ORDER BY open_time LIMIT 1')).getRowsJS();
    expect(close).toEqual([[105]]);
  });
});

describe('candles from stored trades', () => {
  it('aggregates imported trades with the core TradeAggregator, keeping gaps; idempotent', async () => {
    const store = await MarketStore.open(':memory:');
    try {
      await importFile(store, join(FIXTURES, 'trades/XBTUSD.csv'));
      // trades at 1381095255.4531, .4531, 260, 320.5 (minute 1381095240 and 1381095300), then 1381098900.000001
      // The first minute began before the first trade (at :55.4531) and the last one was not seen to
      // its end: both are partial and left out (src/core/market/partial-candles.ts, as live does).
      expect(await store.candlesFromTrades({ exchange: 'kraken', symbol: 'BTC/USD', interval: 1 })).toEqual({ trades: 5, candles: 1, inserted: 1 });
      const rows = async () => (await store.connection.runAndReadAll('SELECT open_time, open, high, low, close, volume, trades, source FROM candles ORDER BY open_time')).getRowsJS();
      expect(await rows()).toEqual([[1381095300000n, 121, 121, 121, 121, 0.5, 1n, 'trades']]);
      // Told that the trades are complete from the minute's start (a download's since), the first minute is kept.
      expect(await store.candlesFromTrades({ exchange: 'kraken', symbol: 'BTC/USD', interval: 1, watchedFrom: 1381095240000 })).toEqual({ trades: 5, candles: 2, inserted: 1 });
      expect((await rows())[0]).toEqual([1381095240000n, 122, 123, 122, 123, 1.3, 3n, 'trades']);
      expect(await store.candlesFromTrades({ exchange: 'kraken', symbol: 'BTC/USD', interval: 1, includeLast: true })).toEqual({ trades: 5, candles: 2, inserted: 1 });
    } finally {
      store.close();
    }
  });
});
