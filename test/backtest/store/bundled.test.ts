import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterEach, describe, expect, it } from 'vitest';
import { BUNDLED_DIR, ensureStore, MarketStore, readManifest, type ImportProgress } from '../../../src/backtest/store/index.ts';

const dirs: string[] = [];
afterEach(() => {
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
});
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'ensure-'));
  dirs.push(d);
  return d;
}

/** A one-file bundle, so these tests stay fast; the full bundle is imported in import.test.ts. */
function miniBundle(): string {
  const dir = tempDir();
  const manifest = { version: 1, files: [{ path: 'ETHUSD_1440.csv.gz', format: 'kraken-ohlcvt', exchange: 'kraken', symbol: 'ETH/USD', intervalMin: 1440, rows: 3154, sha256: createHash('sha256').update(readFileSync(join(BUNDLED_DIR, 'kraken/ohlcvt/1440/ETHUSD_1440.csv.gz'))).digest('hex'), provenance: 'test copy' }] };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  writeFileSync(join(dir, 'ETHUSD_1440.csv.gz'), readFileSync(join(BUNDLED_DIR, 'kraken/ohlcvt/1440/ETHUSD_1440.csv.gz')));
  return dir;
}

describe('bundled data', () => {
  it('the manifest lists exactly the bundled files, each file with the SHA-256 the manifest records', async () => {
    const manifest = await readManifest();
    const onDisk: string[] = [];
    const walk = (d: string, prefix: string): void => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        if (e.isDirectory()) walk(join(d, e.name), `${prefix}${e.name}/`);
        else if (e.name.endsWith('.csv.gz')) onDisk.push(prefix + e.name);
      }
    };
    walk(BUNDLED_DIR, '');
    expect(manifest.files.map((f) => f.path).sort()).toEqual(onDisk.sort());
    const digest = (p: string): string => createHash('sha256').update(readFileSync(p)).digest('hex');
    for (const f of manifest.files) {
      expect(f.exchange === 'binance' ? f.symbol.endsWith('/USDT') : f.symbol.endsWith('/USD'), f.path).toBe(true);
      expect(digest(join(BUNDLED_DIR, f.path)), f.path).toBe(f.sha256);
    }
  });
});

describe('ensureStore', () => {
  it('builds a missing store from the manifest, reporting progress, then is a no-op', async () => {
    const bundle = miniBundle();
    const path = join(tempDir(), 'sub', 'market.duckdb');
    const seen: ImportProgress[] = [];
    const first = await ensureStore(path, { dir: bundle, progressBar: false, onProgress: (p) => seen.push(p) });
    expect(first.built).toBe(true);
    expect(first.reports.map((r) => r.inserted)).toEqual([3154]);
    expect(seen.map((p) => [p.done, p.total, p.entry.path])).toEqual([[1, 1, 'ETHUSD_1440.csv.gz']]);
    expect(existsSync(`${path}.building`)).toBe(false);
    const second = await ensureStore(path, { dir: bundle, progressBar: false, onProgress: () => { throw new Error('must not import'); } });
    expect(second).toEqual({ path, built: false, reports: [] });
    const store = await MarketStore.open(path);
    try {
      expect(await store.candleRange({ exchange: 'kraken', symbol: 'ETH/USD', interval: 1440 })).toMatchObject({ count: 3154 });
    } finally {
      store.close();
    }
  });

  it('treats an empty file as missing', async () => {
    const bundle = miniBundle();
    const path = join(tempDir(), 'market.duckdb');
    writeFileSync(path, '');
    expect((await ensureStore(path, { dir: bundle, progressBar: false })).built).toBe(true);
    expect(statSync(path).size).toBeGreaterThan(0);
  });

  it('fills an existing store that holds no data yet', async () => {
    const bundle = miniBundle();
    const path = join(tempDir(), 'market.duckdb');
    (await MarketStore.open(path)).close();
    expect((await ensureStore(path, { dir: bundle, progressBar: false })).reports).toHaveLength(1);
  });

  it('a stale write-ahead log next to a missing store is dropped, not replayed into the new one', async () => {
    const bundle = miniBundle();
    const dir = tempDir();
    const path = join(dir, 'market.duckdb');
    // A real log of another store (uncheckpointed writes), corrupted as a killed process might leave it.
    const other = await DuckDBInstance.create(join(dir, 'other.duckdb'));
    const conn = await other.connect();
    await conn.run('PRAGMA disable_checkpoint_on_shutdown');
    await conn.run('CREATE TABLE t AS SELECT range AS i FROM range(1000)');
    const wal = readFileSync(join(dir, 'other.duckdb.wal'));
    conn.closeSync();
    other.closeSync();
    for (let i = 0; i < 32; i++) wal[100 + i] ^= 0xff;
    writeFileSync(`${path}.wal`, wal);
    expect((await ensureStore(path, { dir: bundle, progressBar: false })).built).toBe(true);
    const store = await MarketStore.open(path);
    store.close();
  });

  it('a failed build leaves no store behind', async () => {
    const bundle = miniBundle();
    writeFileSync(join(bundle, 'ETHUSD_1440.csv.gz'), '1438905600,3.0,3.00001,3.0,3.0,123.9,4\n1438905600,3.0,3.0,3.0,3.0,1,1\n');
    const path = join(tempDir(), 'market.duckdb');
    await expect(ensureStore(path, { dir: bundle, progressBar: false })).rejects.toThrow(/duplicate timestamp/);
    expect(existsSync(path)).toBe(false);
    expect(existsSync(`${path}.building`)).toBe(false);
  });
});
