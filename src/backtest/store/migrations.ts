import type { DuckDBConnection } from '@duckdb/node-api';
import { execute, inTransaction, queryRows } from './sql.ts';

/**
 * The store's schema, as an ordered list of migrations. The `meta` table records the version
 * reached; opening a store applies every later migration, each in its own transaction.
 *
 * To change the schema, APPEND a migration with the next version number (never edit one that
 * has shipped: stores in the wild already ran it). `up` is a list of SQL statements, or a
 * function for data migrations. Example:
 *
 *   { version: 2, description: 'run results', up: ['CREATE TABLE runs (...)'] }
 */
export interface Migration {
  readonly version: number;
  readonly description: string;
  readonly up: readonly string[] | ((conn: DuckDBConnection) => Promise<void>);
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'market data: instruments, candles, trades, imports',
    up: [
      `CREATE TABLE instruments (
        exchange VARCHAR NOT NULL,
        symbol VARCHAR NOT NULL,
        base VARCHAR NOT NULL,
        quote VARCHAR NOT NULL,
        altname VARCHAR,
        ws_symbol VARCHAR,
        wsname VARCHAR,
        pair_id VARCHAR,
        price_decimals INTEGER,
        lot_decimals INTEGER,
        cost_decimals INTEGER,
        ordermin VARCHAR,
        costmin VARCHAR,
        status VARCHAR,
        updated_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
        PRIMARY KEY (exchange, symbol)
      )`,
      // open_time: candle OPEN time, epoch ms UTC. trades: NULL when the source does not say.
      `CREATE TABLE candles (
        exchange VARCHAR NOT NULL,
        symbol VARCHAR NOT NULL,
        interval_min INTEGER NOT NULL,
        open_time BIGINT NOT NULL,
        open DOUBLE NOT NULL,
        high DOUBLE NOT NULL,
        low DOUBLE NOT NULL,
        close DOUBLE NOT NULL,
        volume DOUBLE NOT NULL,
        trades BIGINT,
        source VARCHAR,
        PRIMARY KEY (exchange, symbol, interval_min, open_time)
      )`,
      // time: epoch microseconds. ordinal: position among trades with the same time in the
      // source file, so the key is stable when overlapping dumps are imported again.
      `CREATE TABLE trades (
        exchange VARCHAR NOT NULL,
        symbol VARCHAR NOT NULL,
        time BIGINT NOT NULL,
        price DOUBLE NOT NULL,
        volume DOUBLE NOT NULL,
        side VARCHAR CHECK (side IN ('b', 's')),
        ordinal INTEGER NOT NULL,
        PRIMARY KEY (exchange, symbol, time, ordinal)
      )`,
      `CREATE TABLE imports (
        file_sha256 VARCHAR NOT NULL,
        path VARCHAR NOT NULL,
        format VARCHAR NOT NULL,
        exchange VARCHAR NOT NULL,
        symbol VARCHAR NOT NULL,
        interval_min INTEGER,
        rows_read BIGINT NOT NULL,
        rows_inserted BIGINT NOT NULL,
        rows_skipped BIGINT NOT NULL,
        imported_at TIMESTAMP NOT NULL DEFAULT current_timestamp
      )`,
    ],
  },
  {
    version: 2,
    // The log was keyed on the file hash alone, so a 0-row import (wrong options, every row
    // skipped) made a later real import of the same file say alreadyImported. Each import is
    // now logged with what it was asked (options) and what came of it (bad rows).
    description: 'import log keyed on file hash + options + outcome',
    up: [
      'ALTER TABLE imports ADD COLUMN options VARCHAR',
      'ALTER TABLE imports ADD COLUMN rows_bad BIGINT',
    ],
  },
  {
    version: 3,
    // Where each download from an exchange API got to, so `data update` resumes there.
    // source 'ohlc' or 'trades' (candles built from them), per candle interval; cursor is the
    // exchange's own paging cursor (Kraken Trades `last`, a nanosecond id) or the last candle's
    // open time; watched_from: from when the stored trades are known complete (epoch ms).
    description: 'download cursors',
    up: [
      `CREATE TABLE download_cursors (
        exchange VARCHAR NOT NULL,
        symbol VARCHAR NOT NULL,
        source VARCHAR NOT NULL CHECK (source IN ('ohlc', 'trades')),
        interval_min INTEGER NOT NULL,
        cursor VARCHAR NOT NULL,
        watched_from BIGINT,
        watched_to BIGINT,
        PRIMARY KEY (exchange, symbol, source, interval_min)
      )`,
    ],
  },
];

export class SchemaVersionError extends Error {
  constructor(readonly storeVersion: number, readonly codeVersion: number) {
    super(`the store has schema version ${storeVersion}, newer than this code knows (${codeVersion}); upgrade the code or use another store file`);
    this.name = 'SchemaVersionError';
  }
}

/** Latest schema version this code knows. */
export function latestSchemaVersion(migrations: readonly Migration[] = MIGRATIONS): number {
  return migrations.length === 0 ? 0 : migrations[migrations.length - 1].version;
}

export async function currentSchemaVersion(conn: DuckDBConnection): Promise<number> {
  await conn.run('CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)');
  const rows = await queryRows<{ value: string }>(conn, "SELECT value FROM meta WHERE key = 'schema_version'");
  return rows.length === 0 ? 0 : Number(rows[0].value);
}

/** Applies the migrations the store has not seen yet; returns the versions before and after. */
export async function migrate(conn: DuckDBConnection, migrations: readonly Migration[] = MIGRATIONS): Promise<{ from: number; to: number }> {
  for (let i = 0; i < migrations.length; i++) {
    if (migrations[i].version !== i + 1) throw new Error(`migration #${i} has version ${migrations[i].version}; versions must be 1, 2, 3, ... in order`);
  }
  const from = await currentSchemaVersion(conn);
  const latest = latestSchemaVersion(migrations);
  if (from > latest) throw new SchemaVersionError(from, latest);
  for (const m of migrations) {
    if (m.version <= from) continue;
    await inTransaction(conn, async () => {
      if (typeof m.up === 'function') await m.up(conn);
      else for (const statement of m.up) await conn.run(statement);
      await execute(conn, "INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', ?)", [String(m.version)]);
    });
  }
  return { from, to: Math.max(from, latest) };
}
