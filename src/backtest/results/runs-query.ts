import type { DuckDBConnection } from '@duckdb/node-api';
import { queryRows, sqlString } from '../store/sql.ts';
import { ensureResultsSchema } from './results-schema.ts';

/**
 * Reading stored runs back (the `runs` tables written by saveRun) for `krakenbt runs`:
 * listing, one run in full, the first fill where two runs part, and CSV/Parquet exports.
 * Money stays exact: DECIMAL columns are read as text.
 */

export interface RunListRow extends Record<string, unknown> {
  run_id: string;
  strategy: string;
  params: string;
  pairs: string;
  timeframe: string;
  from_ms: number;
  to_ms: number;
  saved_ms: number | null;
  final_equity: string;
  total_return: number | null;
  max_drawdown: number | null;
  sharpe: number | null;
  trades: number | null;
  hash: string;
}

/** Every stored run, most recently stored first (then by id). */
export async function listRuns(conn: DuckDBConnection, opts: { strategy?: string; limit?: number } = {}): Promise<RunListRow[]> {
  await ensureResultsSchema(conn);
  const where = opts.strategy === undefined ? '' : `WHERE strategy = ${sqlString(opts.strategy)}`;
  const limit = opts.limit === undefined ? '' : `LIMIT ${Math.max(0, Math.floor(opts.limit))}`;
  const rows = await queryRows<RunListRow>(
    conn,
    `SELECT run_id, strategy, params::VARCHAR AS params, pairs, timeframe, from_ms, to_ms, saved_ms, final_equity::VARCHAR AS final_equity,
       TRY_CAST(metrics->>'totalReturn' AS DOUBLE) AS total_return, TRY_CAST(metrics->>'maxDrawdown' AS DOUBLE) AS max_drawdown,
       TRY_CAST(metrics->>'sharpe' AS DOUBLE) AS sharpe, TRY_CAST(metrics->>'trades' AS INTEGER) AS trades, hash
     FROM runs ${where} ORDER BY saved_ms DESC NULLS LAST, run_id ${limit}`,
  );
  return rows.map((r) => ({ ...r, final_equity: trimDecimal(r.final_equity) }));
}

/** Thrown for a run id that matches no stored run, or several (a prefix). */
export class RunNotFoundError extends Error {
  override readonly name = 'RunNotFoundError';
}

/**
 * A full run id, a prefix that matches exactly one stored run, or `latest` / `latest~N`: the
 * most recently stored run, or the N-th before it (like git's HEAD~N).
 */
export async function resolveRunId(conn: DuckDBConnection, idOrPrefix: string): Promise<string> {
  await ensureResultsSchema(conn);
  const latest = /^latest(?:~(\d+))?$/.exec(idOrPrefix);
  if (latest) {
    const back = Number(latest[1] ?? 0);
    const rows = await queryRows<{ run_id: string }>(conn, `SELECT run_id FROM runs ORDER BY saved_ms DESC NULLS LAST, run_id LIMIT 1 OFFSET ${back}`);
    if (rows.length === 1) return rows[0].run_id;
    const [{ n }] = await queryRows<{ n: number }>(conn, 'SELECT count(*) AS n FROM runs');
    throw new RunNotFoundError(`no run "${idOrPrefix}": ${n} run${n === 1 ? '' : 's'} stored`);
  }
  const exact = await queryRows<{ run_id: string }>(conn, 'SELECT run_id FROM runs WHERE run_id = $1', [idOrPrefix]);
  if (exact.length === 1) return exact[0].run_id;
  const matches = await queryRows<{ run_id: string }>(conn, 'SELECT run_id FROM runs WHERE starts_with(run_id, $1) ORDER BY run_id', [idOrPrefix]);
  if (matches.length === 1) return matches[0].run_id;
  if (matches.length > 1) throw new RunNotFoundError(`run "${idOrPrefix}" is ambiguous: ${matches.map((m) => m.run_id).join(', ')}`);
  const [{ n }] = await queryRows<{ n: number }>(conn, 'SELECT count(*) AS n FROM runs');
  throw new RunNotFoundError(`no stored run "${idOrPrefix}" (${n} run${n === 1 ? '' : 's'} stored; krakenbt runs list shows them)`);
}

export interface StoredRun {
  readonly runId: string;
  readonly hash: string;
  readonly strategy: string;
  readonly params: Record<string, string>;
  readonly exchange: string;
  readonly pairs: string;
  readonly timeframe: string;
  readonly from: number;
  readonly to: number;
  readonly candles: number;
  readonly savedAt: number | null;
  readonly config: Record<string, unknown>;
  readonly initialCash: string;
  readonly finalEquity: string;
  readonly realizedPnl: string;
  readonly unrealizedPnl: string;
  readonly feesPaid: string;
  /** The run's metrics as stored (monthly and yearly return tables included). */
  readonly metrics: Record<string, unknown>;
  readonly assumptions: Record<string, unknown>;
  readonly counts: { orders: number; fills: number; trips: number; openLots: number };
}

/** One stored run, by id or unique prefix. */
export async function getRun(conn: DuckDBConnection, idOrPrefix: string): Promise<StoredRun> {
  const id = await resolveRunId(conn, idOrPrefix);
  const [r] = await queryRows<Record<string, any>>(
    conn,
    `SELECT run_id, hash, strategy, params::VARCHAR AS params, exchange, pairs, timeframe, from_ms, to_ms, candles, saved_ms, config::VARCHAR AS config,
       initial_cash::VARCHAR AS initial_cash, final_equity::VARCHAR AS final_equity, realized_pnl::VARCHAR AS realized_pnl,
       unrealized_pnl::VARCHAR AS unrealized_pnl, fees_paid::VARCHAR AS fees_paid, metrics::VARCHAR AS metrics, assumptions::VARCHAR AS assumptions,
       (SELECT count(*) FROM run_orders o WHERE o.run_id = runs.run_id) AS orders,
       (SELECT count(*) FROM run_fills f WHERE f.run_id = runs.run_id) AS fills,
       (SELECT count(*) FROM run_trips t WHERE t.run_id = runs.run_id) AS trips,
       (SELECT count(*) FROM run_lots l WHERE l.run_id = runs.run_id) AS open_lots
     FROM runs WHERE run_id = $1`,
    [id],
  );
  return {
    runId: r.run_id, hash: r.hash, strategy: r.strategy, params: JSON.parse(r.params ?? '{}'), exchange: r.exchange, pairs: r.pairs,
    timeframe: r.timeframe, from: r.from_ms, to: r.to_ms, candles: r.candles, savedAt: r.saved_ms ?? null, config: JSON.parse(r.config ?? '{}'),
    initialCash: trimDecimal(r.initial_cash), finalEquity: trimDecimal(r.final_equity), realizedPnl: trimDecimal(r.realized_pnl),
    unrealizedPnl: trimDecimal(r.unrealized_pnl), feesPaid: trimDecimal(r.fees_paid), metrics: JSON.parse(r.metrics ?? '{}'),
    assumptions: JSON.parse(r.assumptions ?? '{}'), counts: { orders: r.orders, fills: r.fills, trips: r.trips, openLots: r.open_lots },
  };
}

/** "123.450000000000000000" -> "123.45": the stored DECIMAL(38,18), without trailing zeros. */
export function trimDecimal(s: string | null): string {
  if (s === null) return '';
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

export interface StoredFill {
  readonly n: number;
  readonly time_ms: number;
  readonly pair: string;
  readonly side: string;
  readonly qty: string;
  readonly price: string;
  readonly fee: string;
  readonly fee_asset: string;
  readonly client_id: string;
}

export interface FillDifference {
  /** 1-based position of the fill in each run (fills in event order). */
  readonly n: number;
  readonly a: StoredFill | null;
  readonly b: StoredFill | null;
}

/** The first fill (in event order) where runs `a` and `b` differ in time, pair, side, qty, price or fee; null when all agree. */
export async function firstFillDifference(conn: DuckDBConnection, a: string, b: string): Promise<FillDifference | null> {
  const cols = `row_number() OVER (ORDER BY seq) AS n, time_ms, pair, side, qty::VARCHAR AS qty, price::VARCHAR AS price, fee::VARCHAR AS fee, fee_asset, client_id`;
  const rows = await queryRows<Record<string, any>>(
    conn,
    `WITH a AS (SELECT ${cols} FROM run_fills WHERE run_id = $1), b AS (SELECT ${cols} FROM run_fills WHERE run_id = $2)
     SELECT coalesce(a.n, b.n) AS n,
       a.n AS a_n, a.time_ms AS a_time_ms, a.pair AS a_pair, a.side AS a_side, a.qty AS a_qty, a.price AS a_price, a.fee AS a_fee, a.fee_asset AS a_fee_asset, a.client_id AS a_client_id,
       b.n AS b_n, b.time_ms AS b_time_ms, b.pair AS b_pair, b.side AS b_side, b.qty AS b_qty, b.price AS b_price, b.fee AS b_fee, b.fee_asset AS b_fee_asset, b.client_id AS b_client_id
     FROM a FULL OUTER JOIN b ON a.n = b.n
     WHERE a.n IS NULL OR b.n IS NULL OR a.time_ms <> b.time_ms OR a.pair <> b.pair OR a.side <> b.side OR a.qty <> b.qty OR a.price <> b.price OR a.fee <> b.fee
     ORDER BY n LIMIT 1`,
    [a, b],
  );
  if (rows.length === 0) return null;
  const r = rows[0];
  const side = (p: 'a' | 'b'): StoredFill | null =>
    r[`${p}_n`] === null
      ? null
      : { n: r[`${p}_n`], time_ms: r[`${p}_time_ms`], pair: r[`${p}_pair`], side: r[`${p}_side`], qty: trimDecimal(r[`${p}_qty`]), price: trimDecimal(r[`${p}_price`]), fee: trimDecimal(r[`${p}_fee`]), fee_asset: r[`${p}_fee_asset`], client_id: r[`${p}_client_id`] };
  return { n: r.n, a: side('a'), b: side('b') };
}

export type ExportFormat = 'csv' | 'parquet';

const EXPORTS = {
  trades: `SELECT pair, epoch_ms(entry_ms) AS entry_time, epoch_ms(exit_ms) AS exit_time, qty, entry_price, exit_price, pnl, fees, return_pct,
             (exit_ms - entry_ms) / 3600000.0 AS holding_hours, entry_ms, exit_ms
           FROM run_trips WHERE run_id = {id} ORDER BY entry_ms, pair`,
  fills: `SELECT seq, epoch_ms(time_ms) AS time, pair, side, qty, price, fee, fee_asset, liquidity, realized_pnl, client_id, exec_id, time_ms
          FROM run_fills WHERE run_id = {id} ORDER BY seq`,
} as const;

export type ExportTable = keyof typeof EXPORTS;

/** Writes one table of a stored run (its trades or fills) to `path` as CSV (with header) or Parquet, with DuckDB's COPY; returns the row count. */
export async function exportRunTable(conn: DuckDBConnection, runId: string, table: ExportTable, format: ExportFormat, path: string): Promise<number> {
  const select = EXPORTS[table].replace('{id}', sqlString(runId));
  const options = format === 'csv' ? '(FORMAT csv, HEADER true)' : '(FORMAT parquet)';
  const result = await conn.run(`COPY (${select}) TO ${sqlString(path)} ${options}`);
  return Number(result.rowsChanged);
}
