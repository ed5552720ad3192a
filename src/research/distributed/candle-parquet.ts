import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { CandleSnapshot } from '../data/candle-snapshot.ts';

/**
 * A candle snapshot as one self-describing Parquet file, for workers that have no access to the
 * main store. DuckDB writes it (`COPY ... TO ... (FORMAT parquet)`) on one thread, so the same
 * candles give the same bytes; the snapshot's metadata (symbols, ranges, what the store held)
 * rides in the file's key-value metadata, so the SHA-256 of the bytes addresses all of it.
 * Prices travel as DOUBLE, exactly the float64 values the snapshot holds: a worker's backtest
 * sees bit-identical candles.
 */
export interface CandleParquet {
  /** Hex SHA-256 of `bytes`: the content address workers check before using them. */
  readonly hash: string;
  readonly bytes: Uint8Array;
}

type SnapshotMeta = Omit<CandleSnapshot, 'length' | 'openTime' | 'pair' | 'open' | 'high' | 'low' | 'close' | 'volume' | 'trades'>;

const META_KEY = 'krakenbt_snapshot';
const COLUMNS = ['open_time', 'pair', 'open', 'high', 'low', 'close', 'volume', 'trades'] as const;

export const hashBytes = (bytes: Uint8Array): string => bytesToHex(sha256(bytes));

async function withTempDuckDB<T>(fn: (conn: Awaited<ReturnType<DuckDBInstance['connect']>>, dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'krakenbt-parquet-'));
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const conn = await instance.connect();
  try {
    return await fn(conn, dir);
  } finally {
    conn.closeSync();
    instance.closeSync();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Writes a snapshot's candles and metadata as Parquet bytes with their content hash. */
export async function snapshotToParquet(s: CandleSnapshot): Promise<CandleParquet> {
  const meta: SnapshotMeta = { exchange: s.exchange, symbols: s.symbols, intervalMin: s.intervalMin, from: s.from, to: s.to, series: s.series, ranges: s.ranges };
  return withTempDuckDB(async (conn, dir) => {
    await conn.run(`CREATE TABLE candles (open_time DOUBLE, pair USMALLINT, open DOUBLE, high DOUBLE, low DOUBLE, close DOUBLE, volume DOUBLE, trades DOUBLE)`);
    const appender = await conn.createAppender('candles');
    for (let i = 0; i < s.length; i++) {
      appender.appendDouble(s.openTime[i]);
      appender.appendUSmallInt(s.pair[i]);
      appender.appendDouble(s.open[i]);
      appender.appendDouble(s.high[i]);
      appender.appendDouble(s.low[i]);
      appender.appendDouble(s.close[i]);
      appender.appendDouble(s.volume[i]);
      appender.appendDouble(s.trades[i]);
      appender.endRow();
    }
    appender.closeSync();
    const file = join(dir, 'candles.parquet');
    const metaSql = JSON.stringify(meta).replaceAll("'", "''");
    // rowid order is insertion order, i.e. the snapshot's (time, pair) order.
    await conn.run(`COPY (SELECT * FROM candles ORDER BY rowid) TO '${file}' (FORMAT parquet, KV_METADATA {${META_KEY}: '${metaSql}'})`);
    const bytes = new Uint8Array(readFileSync(file));
    return { hash: hashBytes(bytes), bytes };
  });
}

/** Reads Parquet bytes written by `snapshotToParquet` back into a snapshot, after checking their hash. */
export async function snapshotFromParquet(bytes: Uint8Array, expectedHash: string): Promise<CandleSnapshot> {
  const actual = hashBytes(bytes);
  if (actual !== expectedHash) throw new Error(`candle data ${expectedHash.slice(0, 12)} arrived corrupted (its SHA-256 is ${actual.slice(0, 12)})`);
  return withTempDuckDB(async (conn, dir) => {
    const file = join(dir, 'candles.parquet');
    writeFileSync(file, bytes);
    const kv = (await conn.runAndReadAll(`SELECT decode(value) AS v FROM parquet_kv_metadata('${file}') WHERE decode(key) = '${META_KEY}'`)).getRowObjectsJS();
    if (kv.length !== 1) throw new Error(`candle data ${expectedHash.slice(0, 12)} has no snapshot metadata`);
    const meta = JSON.parse(String(kv[0].v)) as SnapshotMeta;
    const cols = (await conn.runAndReadAll(`SELECT ${COLUMNS.join(', ')} FROM read_parquet('${file}', file_row_number = true) ORDER BY file_row_number`)).getColumnsJS();
    const n = cols[0].length;
    const f64 = (c: readonly unknown[]): Float64Array => {
      const out = new Float64Array(new SharedArrayBuffer(Math.max(8, n * 8)), 0, n);
      for (let i = 0; i < n; i++) out[i] = Number(c[i]);
      return out;
    };
    const pair = new Uint16Array(new SharedArrayBuffer(Math.max(2, n * 2)), 0, n);
    for (let i = 0; i < n; i++) pair[i] = Number(cols[1][i]);
    return {
      ...meta, length: n, openTime: f64(cols[0]), pair, open: f64(cols[2]), high: f64(cols[3]), low: f64(cols[4]), close: f64(cols[5]), volume: f64(cols[6]), trades: f64(cols[7]),
    };
  });
}
