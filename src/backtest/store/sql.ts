import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';

/** Small helpers over the DuckDB connection: typed row reads, string literals, transactions. */

export type SqlParams = DuckDBValue[];

/** Converts DuckDB's JS values to plain ones: BIGINT (bigint) -> number when it is exact. */
function plain(value: unknown): unknown {
  if (typeof value === 'bigint') {
    const n = Number(value);
    return Number.isSafeInteger(n) ? n : value;
  }
  return value;
}

/** Runs a query and returns its rows as objects keyed by column name. */
export async function queryRows<T extends Record<string, unknown>>(conn: DuckDBConnection, sql: string, params?: SqlParams): Promise<T[]> {
  const reader = await conn.runAndReadAll(sql, params);
  return reader.getRowObjectsJS().map((row) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(row)) out[k] = plain(v);
    return out as T;
  });
}

/** Runs a statement; returns the number of rows it changed. */
export async function execute(conn: DuckDBConnection, sql: string, params?: SqlParams): Promise<number> {
  const result = await conn.run(sql, params);
  return result.rowsChanged;
}

/** A SQL string literal ('it''s'). For identifiers and values we build into SQL text ourselves. */
export function sqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** A number we put into SQL text; refuses anything that is not a finite safe integer. */
export function sqlInt(value: number): string {
  if (!Number.isSafeInteger(value)) throw new RangeError(`expected a safe integer for SQL, got ${value}`);
  return String(value);
}

/** Runs `body` in one transaction: committed if it resolves, rolled back if it throws. */
export async function inTransaction<T>(conn: DuckDBConnection, body: () => Promise<T>): Promise<T> {
  await conn.run('BEGIN TRANSACTION');
  try {
    const result = await body();
    await conn.run('COMMIT');
    return result;
  } catch (err) {
    await conn.run('ROLLBACK');
    throw err;
  }
}
