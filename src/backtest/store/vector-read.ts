import duckdb, { type Connection, type Result } from '@duckdb/node-bindings';

/**
 * The candle loader's reads from DuckDB, straight through the C API bindings
 * (@duckdb/node-bindings, the layer under @duckdb/node-api).
 *
 * Why not node-api: its per-chunk costs set the loader's speed. For every 2,048-row chunk it
 * builds a chunk wrapper, then per column a vector wrapper with its logical type, validity
 * and a typed-array view; the profile of a 5M-row load spent more time there (and in the
 * garbage collector freeing them) than in copying values. Here a chunk costs one call to get
 * it, two per column (vector, data) and one byte copy per column into the caller's buffer.
 *
 * The values are the same bits: DuckDB's DOUBLE vectors hold IEEE-754 doubles in the
 * machine's byte order, which is what a Float64Array reads, so copying the bytes copies the
 * numbers exactly (NaN payloads and -0 included). The loader's queries select DOUBLE columns
 * that are NOT NULL (schema NOT NULL, COALESCE for trades), so validity masks are not read;
 * `readDoubleResult` checks the column types, never trusting the SQL text alone.
 */

export type { Connection, Result };

/** Runs one query to a materialized result (kept in DuckDB's memory until JS collects it). */
export function runQuery(conn: Connection, sql: string): Promise<Result> {
  return duckdb.query(conn, sql);
}

/** Stops the connection's running query (its promise then rejects). */
export function interruptQuery(conn: Connection): void {
  duckdb.interrupt(conn);
}

/** Connects to the same database as `database` (a StoreInstance's handle). */
export function connect(database: duckdb.Database): Promise<Connection> {
  return duckdb.connect(database);
}

/** The result's column count, after checking that every column is DOUBLE. */
export function doubleColumns(result: Result): number {
  const columns = duckdb.column_count(result);
  for (let c = 0; c < columns; c++) {
    const type = duckdb.column_type(result, c);
    if (type !== duckdb.Type.DOUBLE) throw new TypeError(`candle query column ${c} (${duckdb.column_name(result, c)}) is of DuckDB type ${duckdb.Type[type] ?? type}, expected DOUBLE`);
  }
  return columns;
}

/** Rows of a materialized result. */
export function rowCount(result: Result): number {
  return duckdb.row_count(result);
}

/** Number of chunks of a materialized result. */
export function chunkCount(result: Result): number {
  return duckdb.result_chunk_count(result);
}

/**
 * Copies chunk `index` of `result` (columns all DOUBLE, see doubleColumns) into `outs`, byte
 * views over Float64Arrays, one per column, starting at row `at`; returns its row count. The
 * outs need room for the chunk (at most DuckDB's vector size, 2,048 rows, past `at`).
 */
export function copyChunk(result: Result, index: number, outs: readonly Uint8Array[], at: number): number {
  const chunk = duckdb.result_get_chunk(result, index);
  const rows = duckdb.data_chunk_get_size(chunk);
  if (rows === 0) return 0;
  const bytes = rows * 8;
  const offset = at * 8;
  for (let c = 0; c < outs.length; c++) outs[c].set(duckdb.vector_get_data(duckdb.data_chunk_get_vector(chunk, c), bytes), offset);
  return rows;
}

/** DuckDB's rows per chunk (2,048 in every release so far). */
export const VECTOR_SIZE: number = duckdb.vector_size();
