import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ImportError, ImportRejectedError, importFile, MarketStore } from '../../../src/backtest/store/index.ts';
import { FIXTURES } from './helpers.ts';

let store: MarketStore;
let dir: string;
beforeEach(async () => {
  store = await MarketStore.open(':memory:');
  dir = mkdtempSync(join(tmpdir(), 'implog-'));
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const logRows = async () => (await store.connection.runAndReadAll('SELECT rows_read, rows_inserted, rows_bad FROM imports ORDER BY imported_at, rows_inserted')).getRowsJS();

describe('import log keyed on file hash + options + outcome (issue 11)', () => {
  it('a 0-row import with skipBadRows does not make the real import of the same file "alreadyImported"', async () => {
    const path = join(dir, 'XBTUSD_60.csv');
    writeFileSync(path, ['1609459200,100,110,90,105,1,3', '1609462800,105,106,100,101,2,4'].join('\n'));
    // Read as trades, every line has the wrong column count: nothing stored.
    const zero = await importFile(store, path, { format: 'kraken-trades', skipBadRows: true });
    expect(zero).toMatchObject({ inserted: 0, alreadyImported: false });
    expect(zero.skippedBad).toHaveLength(2);
    const real = await importFile(store, path);
    expect(real).toMatchObject({ format: 'kraken-ohlcvt', inserted: 2, alreadyImported: false });
    const again = await importFile(store, path);
    expect(again).toMatchObject({ inserted: 0, skippedDuplicates: 2, alreadyImported: true });
    expect(await logRows()).toEqual([[2n, 0n, 2n], [2n, 2n, 0n]]);
  });

  it('the same rows imported again under other options are not "alreadyImported"; an all-bad file never is', async () => {
    const eth = join(FIXTURES, 'normalised/ETHUSD_60.csv');
    expect(await importFile(store, eth, { exchange: 'kraken' })).toMatchObject({ inserted: 2, alreadyImported: false });
    expect(await importFile(store, eth, { exchange: 'kraken' })).toMatchObject({ inserted: 0, alreadyImported: true });
    // Another target (symbol given explicitly): different key, its rows go in.
    expect(await importFile(store, eth, { exchange: 'kraken', symbol: 'SOL/USD' })).toMatchObject({ symbol: 'SOL/USD', inserted: 2, alreadyImported: false });
    const bad = join(dir, 'LTCUSD_60.csv');
    writeFileSync(bad, '1609459200,1,1,2,1,1,1\n'); // high < low
    for (let i = 0; i < 2; i++) expect(await importFile(store, bad, { skipBadRows: true })).toMatchObject({ inserted: 0, alreadyImported: false });
  });

  it('rows deleted since the last import are put back and the report says it was not a no-op', async () => {
    const copy = join(dir, 'ETHUSD_60.csv');
    copyFileSync(join(FIXTURES, 'normalised/ETHUSD_60.csv'), copy);
    await importFile(store, copy, { exchange: 'kraken' });
    await store.connection.run('DELETE FROM candles');
    expect(await importFile(store, copy, { exchange: 'kraken' })).toMatchObject({ inserted: 2, alreadyImported: false });
  });
});

describe('typed errors', () => {
  it('the normalised-CSV parser throws ImportError (not a plain Error) for a bad header', async () => {
    const noTs = join(dir, 'ETHUSD_60.csv');
    writeFileSync(noTs, 'time,open,high,low,close,volume\n1609459200,1,1,1,1,1\n');
    const err = await importFile(store, noTs, { exchange: 'kraken', format: 'normalised-ohlcv' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportError);
    expect((err as Error).message).toMatch(/ETHUSD_60\.csv:1: a normalised CSV starts with a header whose first column is "timestamp"/);
    const missing = await importFile(store, join(FIXTURES, 'normalised/SOLUSD_60.csv'), { exchange: 'kraken' }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(ImportError);
    expect((missing as Error).message).toMatch(/header lacks column "close"/);
  });
});

describe('bad timestamps are refused at import with the line number (issue 13)', () => {
  const cases: [string, string, string[], RegExp][] = [
    ['OHLCVT in milliseconds', 'XBTUSD_60.csv', ['1609459200,1,1,1,1,1,1', '1609462800000,1,1,1,1,1,1'], /:2: timestamp "1609462800000" looks like milliseconds \(as seconds it is the year \d{5}\)/],
    ['OHLCVT "in the year 54,000"', 'XBTUSD_1440.csv', ['1641000000000,1,1,1,1,1,1'], /:1: timestamp "1641000000000" looks like milliseconds \(as seconds it is the year 5397\d\)/],
    ['OHLCVT in microseconds', 'XBTUSD_1.csv', ['1609459200000000,1,1,1,1,1,1'], /:1: timestamp "1609459200000000" looks like microseconds/],
    ['OHLCVT before 2009', 'XBTUSD_60.csv', ['1609459200,1,1,1,1,1,1', '1609462800,1,1,1,1,1,1', '3600,1,1,1,1,1,1'], /:3: timestamp "3600" is outside 2009\.\.2100 in unix seconds/],
    ['normalised in milliseconds', 'ETHUSD_60.csv', ['timestamp,open,high,low,close,volume', '1609459200000,1,1,1,1,1'], /:2: timestamp "1609459200000" looks like milliseconds/],
    ['trades in milliseconds', 'XBTUSD.csv', ['1381095255.4531,122.0,0.1', '1381095260000,123.0,1'], /:2: timestamp "1381095260000" looks like milliseconds/],
  ];
  it.each(cases)('%s', async (_name, file, lines, message) => {
    const path = join(dir, file);
    writeFileSync(path, lines.join('\n'));
    const opts = file === 'ETHUSD_60.csv' ? { exchange: 'kraken' } : file === 'XBTUSD.csv' ? { format: 'kraken-trades' as const } : {};
    const err = await importFile(store, path, opts).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportRejectedError);
    expect((err as Error).message).toMatch(message);
    expect((await store.connection.runAndReadAll('SELECT count(*) FROM candles')).getRowsJS()).toEqual([[0n]]);
  });
});
