import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MarketStore, MIGRATIONS, SchemaVersionError, type Migration } from '../../../src/backtest/store/index.ts';

const stores: MarketStore[] = [];
const dirs: string[] = [];
afterEach(() => {
  while (stores.length) stores.pop()!.close();
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
});
async function open(path: string, migrations?: readonly Migration[]): Promise<MarketStore> {
  const s = await MarketStore.open(path, migrations ? { migrations } : {});
  stores.push(s);
  return s;
}
async function version(store: MarketStore): Promise<string> {
  const r = await store.connection.runAndReadAll("SELECT value FROM meta WHERE key = 'schema_version'");
  return String(r.getRowsJS()[0][0]);
}

describe('migrations', () => {
  it('a new store is at the latest version with the v1 tables and Kraken instruments', async () => {
    const store = await open(':memory:');
    expect(await version(store)).toBe(String(MIGRATIONS.length));
    const tables = (await store.connection.runAndReadAll('SELECT table_name FROM information_schema.tables ORDER BY 1')).getRowsJS().map((r) => r[0]);
    expect(tables).toEqual(expect.arrayContaining(['meta', 'instruments', 'candles', 'trades', 'imports']));
    const btc = (await store.instruments('kraken')).find((i) => i.symbol === 'BTC/USD');
    expect(btc).toMatchObject({ base: 'BTC', quote: 'USD', altname: 'XBTUSD', pair_id: 'XXBTZUSD', wsname: 'XBT/USD', price_decimals: 1 });
  });

  it('applies an appended migration once, on the next open, keeping the data', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'store-'));
    dirs.push(dir);
    const path = join(dir, 'm.duckdb');
    const first = await open(path);
    await first.connection.run("INSERT INTO candles VALUES ('kraken', 'BTC/USD', 60, 0, 1, 1, 1, 1, 1, NULL, 't')");
    first.close();
    stores.pop();
    const next = MIGRATIONS.length + 1;
    const v2: Migration = { version: next, description: 'test table', up: ['CREATE TABLE runs (id INTEGER PRIMARY KEY)'] };
    const second = await open(path, [...MIGRATIONS, v2]);
    expect(await version(second)).toBe(String(next));
    expect((await second.connection.runAndReadAll('SELECT count(*) FROM candles')).getRowsJS()[0][0]).toBe(1n);
    second.close();
    stores.pop();
    // reopening with the same list is a no-op; older code refuses the newer store
    const third = await open(path, [...MIGRATIONS, v2]);
    expect(await version(third)).toBe(String(next));
    third.close();
    stores.pop();
    await expect(MarketStore.open(path)).rejects.toThrow(SchemaVersionError);
  });

  it('a failing migration leaves the version and schema as they were', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'store-'));
    dirs.push(dir);
    const path = join(dir, 'm.duckdb');
    (await open(path)).close();
    stores.pop();
    const bad: Migration = { version: MIGRATIONS.length + 1, description: 'broken', up: ['CREATE TABLE runs (id INTEGER)', 'THIS IS NOT SQL'] };
    await expect(MarketStore.open(path, { migrations: [...MIGRATIONS, bad] })).rejects.toThrow();
    const store = await open(path);
    expect(await version(store)).toBe(String(MIGRATIONS.length));
    const runs = (await store.connection.runAndReadAll("SELECT count(*) FROM information_schema.tables WHERE table_name = 'runs'")).getRowsJS();
    expect(runs[0][0]).toBe(0n);
  });

  it('refuses migration lists that are not numbered 1, 2, 3, ...', async () => {
    await expect(MarketStore.open(':memory:', { migrations: [{ version: 2, description: 'x', up: [] }] })).rejects.toThrow(/in order/);
  });
});

describe('migration 2: import log options and outcome', () => {
  it('a version-1 store gains the columns and keeps its rows', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'store-'));
    try {
      const path = join(dir, 'm.duckdb');
      const v1 = await MarketStore.open(path, { migrations: MIGRATIONS.slice(0, 1) });
      await v1.connection.run("INSERT INTO imports (file_sha256, path, format, exchange, symbol, rows_read, rows_inserted, rows_skipped) VALUES ('ab', 'f', 'kraken-ohlcvt', 'kraken', 'BTC/USD', 1, 1, 0)");
      v1.close();
      const now = await MarketStore.open(path);
      const rows = (await now.connection.runAndReadAll('SELECT file_sha256, options, rows_bad FROM imports')).getRowsJS();
      now.close();
      expect(rows).toEqual([['ab', null, null]]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
