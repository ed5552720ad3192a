import { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { isDecimalText, toPlainDecimal } from '../ws/decimal-text.ts';
import { CatalogDataError, type CatalogEntry } from './catalog-entry.ts';

/**
 * Persists the catalog in DuckDB table `instruments`, shared with the backtest store (same
 * columns, created IF NOT EXISTS). Minimums are exact decimal strings (VARCHAR), decimals
 * INTEGER, updated_at epoch milliseconds (BIGINT). Upserts are atomic per call.
 */
export const INSTRUMENTS_DDL = `CREATE TABLE IF NOT EXISTS instruments (
  exchange VARCHAR NOT NULL,
  symbol VARCHAR NOT NULL,
  base VARCHAR NOT NULL,
  quote VARCHAR NOT NULL,
  altname VARCHAR,
  ws_symbol VARCHAR,
  wsname VARCHAR,
  pair_id VARCHAR,
  price_decimals INTEGER NOT NULL,
  lot_decimals INTEGER NOT NULL,
  cost_decimals INTEGER NOT NULL,
  ordermin VARCHAR NOT NULL,
  costmin VARCHAR NOT NULL,
  status VARCHAR NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (exchange, symbol)
)`;

const COLUMNS = [
  'exchange',
  'symbol',
  'base',
  'quote',
  'altname',
  'ws_symbol',
  'wsname',
  'pair_id',
  'price_decimals',
  'lot_decimals',
  'cost_decimals',
  'ordermin',
  'costmin',
  'status',
  'updated_at',
] as const;

/**
 * The upsert, for an `updated_at` stored as BIGINT epoch ms (this module's DDL) or as TIMESTAMP
 * (the backtest store's migration 1 creates it that way); whichever created the table first wins.
 */
function upsertSql(updatedAtIsTimestamp: boolean): string {
  const values = COLUMNS.map((c, i) => (c === 'updated_at' && updatedAtIsTimestamp ? `epoch_ms($${i + 1}::BIGINT)` : `$${i + 1}`));
  return `INSERT INTO instruments (${COLUMNS.join(', ')})
VALUES (${values.join(', ')})
ON CONFLICT (exchange, symbol) DO UPDATE SET ${COLUMNS.filter((c) => c !== 'exchange' && c !== 'symbol')
    .map((c) => `${c} = excluded.${c}`)
    .join(', ')}`;
}

/**
 * A row of `instruments` as read back. Unknown REST names (WS-only pairs) are stored as '' (a NULL
 * written by another writer reads back as ''). Decimals/minimums are undefined on rows another
 * writer created without them (e.g. the backtest store's "data-only" rows).
 */
export interface InstrumentRow {
  readonly exchange: string;
  readonly symbol: string;
  readonly base: string;
  readonly quote: string;
  readonly altname: string;
  readonly wsSymbol: string;
  readonly wsname: string;
  readonly pairId: string;
  readonly priceDecimals: number | undefined;
  readonly lotDecimals: number | undefined;
  readonly costDecimals: number | undefined;
  readonly ordermin: string | undefined;
  readonly costmin: string | undefined;
  readonly status: string;
  /** Epoch milliseconds. */
  readonly updatedAt: number;
}

export class CatalogStore {
  private upsertStatement = upsertSql(false);
  private updatedAtIsTimestamp = false;

  private constructor(
    private readonly connection: DuckDBConnection,
    private readonly ownsConnection: boolean,
  ) {}

  /** Opens (or creates) a database file, or ':memory:'. */
  static async open(path: string): Promise<CatalogStore> {
    const instance = await DuckDBInstance.create(path);
    const store = new CatalogStore(await instance.connect(), true);
    await store.ensureTable();
    return store;
  }

  /** Uses a connection someone else owns (e.g. the backtest store's database). */
  static async using(connection: DuckDBConnection): Promise<CatalogStore> {
    const store = new CatalogStore(connection, false);
    await store.ensureTable();
    return store;
  }

  async ensureTable(): Promise<void> {
    await this.connection.run(INSTRUMENTS_DDL);
    const reader = await this.connection.runAndReadAll(
      "SELECT data_type FROM information_schema.columns WHERE table_name = 'instruments' AND column_name = 'updated_at'",
    );
    const type = String(reader.getRowObjectsJS()[0]?.data_type ?? 'BIGINT');
    this.updatedAtIsTimestamp = type.startsWith('TIMESTAMP');
    this.upsertStatement = upsertSql(this.updatedAtIsTimestamp);
  }

  /** Inserts or replaces every entry in one transaction; validates all of them first. Returns the row count written. */
  async upsert(entries: readonly CatalogEntry[], updatedAtMs: number, exchange = 'kraken'): Promise<number> {
    if (!Number.isSafeInteger(updatedAtMs) || updatedAtMs < 0) throw new RangeError(`updatedAtMs must be epoch milliseconds, got ${updatedAtMs}`);
    const rows = entries.map((e) => toRow(e, updatedAtMs, exchange));
    await this.connection.run('BEGIN TRANSACTION');
    try {
      for (const row of rows) await this.connection.run(this.upsertStatement, row);
      await this.connection.run('COMMIT');
    } catch (error) {
      await this.connection.run('ROLLBACK');
      throw error;
    }
    return rows.length;
  }

  async load(exchange = 'kraken'): Promise<InstrumentRow[]> {
    const columns = COLUMNS.map((c) => (c === 'updated_at' && this.updatedAtIsTimestamp ? 'epoch_ms(updated_at) AS updated_at' : c));
    const reader = await this.connection.runAndReadAll(`SELECT ${columns.join(', ')} FROM instruments WHERE exchange = $1 ORDER BY symbol`, [exchange]);
    const int = (v: unknown) => (v === null || v === undefined ? undefined : Number(v));
    const str = (v: unknown) => (v === null || v === undefined ? undefined : String(v));
    return reader.getRowObjectsJS().map((r) => ({
      exchange: String(r.exchange),
      symbol: String(r.symbol),
      base: String(r.base),
      quote: String(r.quote),
      altname: (r.altname as string | null) ?? '',
      wsSymbol: (r.ws_symbol as string | null) ?? '',
      wsname: (r.wsname as string | null) ?? '',
      pairId: (r.pair_id as string | null) ?? '',
      priceDecimals: int(r.price_decimals),
      lotDecimals: int(r.lot_decimals),
      costDecimals: int(r.cost_decimals),
      ordermin: str(r.ordermin),
      costmin: str(r.costmin),
      status: str(r.status) ?? '',
      updatedAt: Number(r.updated_at),
    }));
  }

  close(): void {
    if (this.ownsConnection) this.connection.closeSync();
  }
}

function toRow(e: CatalogEntry, updatedAtMs: number, exchange: string): (string | number | bigint)[] {
  const pair = e.symbol || '(no symbol)';
  if (!/^[^/\s]+\/[^/\s]+$/.test(e.symbol)) throw new CatalogDataError(pair, 'symbol', `expected BASE/QUOTE, got ${JSON.stringify(e.symbol)}`);
  for (const field of ['priceDecimals', 'lotDecimals', 'costDecimals'] as const) {
    const v = e[field];
    if (!Number.isInteger(v) || v < 0 || v > 30) throw new CatalogDataError(pair, field, `expected an integer in [0, 30], got ${String(v)}`);
  }
  for (const field of ['ordermin', 'costmin'] as const) {
    if (!isDecimalText(e[field])) throw new CatalogDataError(pair, field, `expected a decimal string, got ${JSON.stringify(e[field])}`);
  }
  return [
    exchange,
    e.symbol,
    e.base,
    e.quote,
    e.altname,
    e.symbol,
    e.wsname,
    e.pairId,
    e.priceDecimals,
    e.lotDecimals,
    e.costDecimals,
    toPlainDecimal(e.ordermin),
    toPlainDecimal(e.costmin),
    e.status,
    BigInt(updatedAtMs),
  ];
}
