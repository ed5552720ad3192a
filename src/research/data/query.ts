import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { table, type ColumnTable } from 'arquero';

/**
 * Runs SQL on a DuckDB connection and returns an arquero table, column by column. BIGINT
 * becomes a JS number (epoch ms and counts fit), DECIMAL a float (for analysis; the exact
 * values stay in the database), JSON a string.
 */
export async function queryTable(conn: DuckDBConnection, sql: string, params?: DuckDBValue[]): Promise<ColumnTable> {
  const reader = await conn.runAndReadAll(sql, params);
  const names = reader.columnNames();
  const columns = reader.getColumnsJS();
  const data: Record<string, unknown[]> = {};
  names.forEach((name, i) => {
    data[name] = (columns[i] ?? []).map((v) => (typeof v === 'bigint' ? Number(v) : v));
  });
  return table(data);
}
