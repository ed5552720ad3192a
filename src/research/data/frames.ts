import type { ColumnTable } from 'arquero';
import { DataFrame } from 'danfojs';

/** An arquero table as a danfojs DataFrame (same columns, same row order). */
export function toDanfo(t: ColumnTable): DataFrame {
  const columns = t.columnNames();
  const data: Record<string, unknown[]> = {};
  for (const c of columns) data[c] = t.array(c) ? Array.from(t.array(c) as ArrayLike<unknown>) : [];
  return new DataFrame(data, { columns });
}
