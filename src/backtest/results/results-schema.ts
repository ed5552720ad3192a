import type { DuckDBConnection } from '@duckdb/node-api';

/**
 * Tables holding backtest runs next to the market data, so notebooks can query them. Money
 * columns are DECIMAL(38,18): exact, like the ledger. Created on first save; runs are keyed
 * by run id (strategy + hash prefix), and saving the same run again replaces it.
 */
const TABLES = [
  `CREATE TABLE IF NOT EXISTS runs (
    run_id VARCHAR PRIMARY KEY, hash VARCHAR NOT NULL, strategy VARCHAR NOT NULL, params JSON, exchange VARCHAR,
    pairs VARCHAR, timeframe VARCHAR, from_ms BIGINT, to_ms BIGINT, candles BIGINT, config JSON,
    initial_cash DECIMAL(38,18), final_equity DECIMAL(38,18), realized_pnl DECIMAL(38,18), unrealized_pnl DECIMAL(38,18),
    fees_paid DECIMAL(38,18), metrics JSON, assumptions JSON)`,
  `CREATE TABLE IF NOT EXISTS run_orders (
    run_id VARCHAR, client_id VARCHAR, pair VARCHAR, side VARCHAR, type VARCHAR, qty DECIMAL(38,18), quote_qty DECIMAL(38,18),
    limit_price DECIMAL(38,18), trigger_price DECIMAL(38,18), status VARCHAR, filled_qty DECIMAL(38,18), filled_cost DECIMAL(38,18),
    fees DECIMAL(38,18), reason VARCHAR, tag VARCHAR, created_ms BIGINT, updated_ms BIGINT)`,
  `CREATE TABLE IF NOT EXISTS run_fills (
    run_id VARCHAR, seq BIGINT, time_ms BIGINT, client_id VARCHAR, exec_id VARCHAR, pair VARCHAR, side VARCHAR,
    qty DECIMAL(38,18), price DECIMAL(38,18), fee DECIMAL(38,18), fee_asset VARCHAR, liquidity VARCHAR, realized_pnl DECIMAL(38,18))`,
  `CREATE TABLE IF NOT EXISTS run_ledger (
    run_id VARCHAR, seq BIGINT, time_ms BIGINT, kind VARCHAR, asset VARCHAR, amount DECIMAL(38,18), ref VARCHAR)`,
  `CREATE TABLE IF NOT EXISTS run_lots (
    run_id VARCHAR, asset VARCHAR, qty DECIMAL(38,18), cost DECIMAL(38,18), opened_ms BIGINT, source VARCHAR)`,
  `CREATE TABLE IF NOT EXISTS run_equity (run_id VARCHAR, time_ms BIGINT, equity DOUBLE, cash DOUBLE)`,
  `CREATE TABLE IF NOT EXISTS run_trips (
    run_id VARCHAR, pair VARCHAR, entry_ms BIGINT, exit_ms BIGINT, qty DOUBLE, entry_price DOUBLE, exit_price DOUBLE, pnl DOUBLE, fees DOUBLE, return_pct DOUBLE)`,
];

export const RUN_TABLES = ['runs', 'run_orders', 'run_fills', 'run_ledger', 'run_lots', 'run_equity', 'run_trips'] as const;

export async function ensureResultsSchema(conn: DuckDBConnection): Promise<void> {
  // One catalog read first: on a store that has every table and column (every save after the
  // first) the DDL below is skipped; each statement cost a few ms even as a no-op.
  const reader = await conn.runAndReadAll(
    `SELECT (SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main' AND table_name IN (${RUN_TABLES.map((t) => `'${t}'`).join(', ')}))
       + (SELECT count(*) FROM duckdb_columns() WHERE database_name = current_database() AND schema_name = 'main' AND table_name = 'runs' AND column_name = 'saved_ms') AS n`,
  );
  if (Number(reader.getRows()[0][0]) === RUN_TABLES.length + 1) return;
  for (const sql of TABLES) await conn.run(sql);
  // When the run was stored (wall clock; not part of the run): `krakenbt runs list` shows it.
  // Added after the first release of these tables, hence ALTER on stores that predate it.
  await conn.run('ALTER TABLE runs ADD COLUMN IF NOT EXISTS saved_ms BIGINT');
}
