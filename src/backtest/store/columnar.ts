import { DuckDBDoubleVector, type DuckDBDataChunk } from '@duckdb/node-api';

/**
 * Copies rows [from, from + count) of a DOUBLE column of a DuckDB chunk into a typed array.
 *
 * Fast path: the node-api keeps each DOUBLE vector's data in a Float64Array view over DuckDB's
 * own buffer (field `items`, private in the typings but a plain field at run time); one
 * `TypedArray.set` copies it. That is roughly twice the speed of `getItem` per value, and the
 * hot path needs it (>= 5M candles/s). If a future node-api version hides the field, the
 * fallback reads through the public `getItem`. Callers must select NOT NULL values only
 * (the loader COALESCEs): the fast path does not look at the validity mask.
 */
export function copyDoubleColumn(
  chunk: DuckDBDataChunk,
  column: number,
  from: number,
  count: number,
  out: Float64Array | Uint16Array,
  at: number,
): void {
  const vector = chunk.getColumnVector(column);
  if (vector instanceof DuckDBDoubleVector) {
    const items = (vector as unknown as { items?: unknown }).items;
    if (items instanceof Float64Array) {
      out.set(items.subarray(from, from + count), at);
      return;
    }
  }
  for (let i = 0; i < count; i++) {
    const v = vector.getItem(from + i);
    if (typeof v !== 'number') throw new TypeError(`column ${column} row ${from + i}: expected a DOUBLE, got ${String(v)}`);
    out[at + i] = v;
  }
}
