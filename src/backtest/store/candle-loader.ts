import { DuckDBConnection } from '@duckdb/node-api';
import type { CandleBatch } from '../../core/market/candle-batch.ts';
import { alignDown, alignUp, formatTimeframe, MINUTE_MS } from '../../core/market/timeframe.ts';
import { BatchWriter } from './batch-writer.ts';
import { RunMerger } from './run-merge.ts';
import type { StoreInstance } from './open-duckdb.ts';
import { queryRows, sqlInt, sqlString } from './sql.ts';
import { chunkCount, connect, doubleColumns, interruptQuery, rowCount, runQuery, type Result } from './vector-read.ts';
import { LOADER_COLUMNS, WindowBuffer } from './window-buffer.ts';

/**
 * Streams candles from the store into columnar CandleBatches for the kernel's hot path.
 *
 * Rows come ordered by (open_time, pair index), where the pair index is the position of the
 * row's symbol in `symbols`; with one interval per request that equals the (closeTime, pair)
 * order CandleBatch documents. The range [from, to) is cut into time windows of about
 * WINDOW_ROWS rows, so neither JS nor DuckDB holds the whole range: memory stays flat as the
 * range grows.
 *
 * Direct loads (no resampling) read each window WITHOUT ORDER BY, which is about twice as
 * fast: imports insert sorted files and DuckDB keeps insertion order, so the rows come as a
 * few ascending runs that WindowBuffer finds and RunMerger merges in JS. Correctness never
 * depends on that physical order: any order merges exactly; if the runs are too many and
 * short to be worth merging (see WindowBuffer.disordered), that window and the rest of the
 * request fall back to a sorted query. Resampled loads always use the sorted query.
 *
 * When a symbol has no candles of the requested interval but has a finer one that divides it,
 * the coarser candles are built in SQL with the rules of src/core/market/resample.ts (first
 * open, max high, min low, last close, summed volume and trades, no candle for an empty
 * bucket). A bucket that reaches outside the span the finer data covers (the first and the
 * last one, typically) is dropped unless partialBuckets is 'keep': with gap semantics nobody
 * can tell whether it is complete.
 */

export interface LoadCandlesRequest {
  readonly exchange: string;
  /** Canonical symbols ("BTC/USD"); batch.pair[i] is an index into this list. */
  readonly symbols: readonly string[];
  /** Interval in minutes. */
  readonly interval: number;
  /** Epoch ms, inclusive, on candle open time. */
  readonly from: number;
  /** Epoch ms, exclusive, on candle open time. */
  readonly to: number;
  /** Rows per batch (default 8192). */
  readonly batchSize?: number;
  /**
   * true (default): one batch object is refilled for every step, valid until the next one is
   * requested (no allocation while streaming). false: a fresh batch each time, safe to keep.
   */
  readonly reuseBatch?: boolean;
  /** Resampled data only: 'drop' (default) buckets not wholly covered by the source, or 'keep' them. */
  readonly partialBuckets?: 'drop' | 'keep';
  /**
   * Tuning: about how many rows one query (time window) holds, at most for direct loads.
   * Default 131,072 for resampled (sorted) queries, whose windows hold fewer rows out than they
   * read; 65,536 for direct loads. A window sits in memory twice (DuckDB's materialized result,
   * freed only when JS collects it, and the merge buffer), so larger windows cost peak memory:
   * measured on 3M rows of one pair from a store file, 262,144-row windows took about 60 MB
   * more peak RSS than 65,536 and about a fifth less CPU (mostly on row layouts by pair).
   */
  readonly windowRows?: number;
}

export interface CandleRange {
  /** Open time of the first candle, epoch ms. */
  readonly first: number;
  /** Open time of the last candle, epoch ms. */
  readonly last: number;
  readonly count: number;
}

export interface StoredSeries extends CandleRange {
  readonly exchange: string;
  readonly symbol: string;
  readonly intervalMin: number;
}

/** Raised when a requested symbol has nothing to load; the message says what is stored. */
export class NoCandlesError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NoCandlesError';
  }
}

// Small windows keep peak memory flat (a window sits in DuckDB's result and in the merge
// buffer at once) and cost no throughput: DuckDB plans the next window while JS merges this one.
const WINDOW_ROWS = 131_072;
const DIRECT_WINDOW_ROWS = 65_536;
const iso = (ms: number): string => (Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : `${ms} ms`);

interface SymbolPlan {
  readonly index: number;
  readonly symbol: string;
  readonly sourceMin: number;
  readonly resample: boolean;
  /** Span the source covers: [first open, last open + source interval). */
  readonly coveredFrom: number;
  readonly coveredTo: number;
}

export async function storedSeries(conn: DuckDBConnection, where = '', params: (string | number)[] = []): Promise<StoredSeries[]> {
  const rows = await queryRows<{ exchange: string; symbol: string; interval_min: number; first: number; last: number; count: number }>(
    conn,
    `SELECT exchange, symbol, interval_min, min(open_time) AS first, max(open_time) AS last, count(*) AS count
     FROM candles ${where} GROUP BY exchange, symbol, interval_min ORDER BY exchange, symbol, interval_min`,
    params,
  );
  return rows.map((r) => ({ exchange: r.exchange, symbol: r.symbol, intervalMin: r.interval_min, first: r.first, last: r.last, count: r.count }));
}

function checkRequest(req: LoadCandlesRequest): void {
  if (req.symbols.length === 0) throw new RangeError('loadCandles: give at least one symbol');
  if (req.symbols.length > 65535) throw new RangeError('loadCandles: at most 65535 symbols per request (pair indexes are Uint16)');
  if (new Set(req.symbols).size !== req.symbols.length) throw new RangeError(`loadCandles: duplicate symbols in ${req.symbols.join(', ')}`);
  if (!Number.isSafeInteger(req.interval) || req.interval <= 0) throw new RangeError(`loadCandles: interval must be whole minutes, got ${req.interval}`);
  if (!Number.isSafeInteger(req.from) || !Number.isSafeInteger(req.to)) throw new RangeError(`loadCandles: from/to must be integer epoch ms, got ${req.from}..${req.to}`);
  if (req.to <= req.from) throw new RangeError(`loadCandles: empty range [${iso(req.from)}, ${iso(req.to)})`);
  const size = req.batchSize ?? 8192;
  if (!Number.isSafeInteger(size) || size <= 0) throw new RangeError(`loadCandles: batchSize must be a positive integer, got ${size}`);
}

interface Plan {
  readonly symbols: readonly SymbolPlan[];
  /** Rows the request will produce, about, or at most (planDirect): window sizing only. */
  readonly expectedRows: number;
}

/**
 * The common case, cheaply: every symbol has candles of the requested interval inside [from, to).
 * It used to be found with min/max/count per symbol over the whole range, a scan comparing the
 * exchange and symbol strings of every row: a sixth of a 5M-row load, spent before the first
 * window. Now two small queries: a LIMIT 1 probe per symbol (DuckDB stops at the first match),
 * and the open-time bounds and row count of every series of that interval in the range, which
 * need no string comparison. Those may be wider and larger than the request's own rows (other
 * exchanges and symbols count too), so windows are sized for the fewer of that count and the
 * densest the request can be (a candle per symbol per interval): never fewer windows than the
 * old exact count gave, and wider bounds or other series only give emptier windows. Undefined
 * when any symbol lacks candles, or for more than PROBED_SYMBOLS symbols: planSymbols then
 * decides (resampling, an error, or the plan), exactly as if this had not run.
 */
const PROBED_SYMBOLS = 256;

async function planDirect(conn: DuckDBConnection, req: LoadCandlesRequest): Promise<Plan | undefined> {
  if (req.symbols.length > PROBED_SYMBOLS) return undefined;
  const range = `interval_min = ${sqlInt(req.interval)} AND open_time >= ${sqlInt(req.from)} AND open_time < ${sqlInt(req.to)}`;
  const probes = req.symbols.map((symbol, index) =>
    `(SELECT ${index} AS p FROM candles WHERE exchange = ${sqlString(req.exchange)} AND symbol = ${sqlString(symbol)} AND ${range} LIMIT 1)`);
  const found = await queryRows<{ p: number }>(conn, probes.join(' UNION ALL '));
  if (found.length !== req.symbols.length) return undefined;
  const [bounds] = await queryRows<{ first: number; last: number; count: number }>(conn, `SELECT min(open_time) AS first, max(open_time) AS last, count(*) AS count FROM candles WHERE ${range}`);
  const t = req.interval * MINUTE_MS;
  // Window bounds only (see timeWindows); never used to drop buckets.
  const coveredFrom = bounds.first;
  const coveredTo = bounds.last + t;
  const symbols = req.symbols.map((symbol, index): SymbolPlan => ({ index, symbol, sourceMin: req.interval, resample: false, coveredFrom, coveredTo }));
  const slots = (alignUp(Math.min(req.to, alignUp(coveredTo, t)), t) - alignDown(Math.max(req.from, alignDown(coveredFrom, t)), t)) / t;
  return { symbols, expectedRows: Math.min(bounds.count, symbols.length * Math.max(1, slots)) };
}

async function planSymbols(conn: DuckDBConnection, req: LoadCandlesRequest): Promise<Plan> {
  const targetMs = req.interval * MINUTE_MS;
  const label = formatTimeframe(req.interval);
  // One scan: every stored series of the requested symbols, with how many of its rows can
  // produce output open times in [from, to), read directly or resampled (bucket-aligned bounds).
  const lo = alignUp(req.from, targetMs);
  const hi = alignUp(req.to, targetMs);
  const all = await queryRows<{ symbol: string; interval_min: number; first: number; last: number; count: number; direct: number; bucketed: number }>(conn,
    `SELECT symbol, interval_min, min(open_time) AS first, max(open_time) AS last, count(*) AS count,
       count(*) FILTER (WHERE open_time >= ${sqlInt(req.from)} AND open_time < ${sqlInt(req.to)}) AS direct,
       count(*) FILTER (WHERE open_time >= ${sqlInt(lo)} AND open_time < ${sqlInt(hi)}) AS bucketed
     FROM candles WHERE exchange = ${sqlString(req.exchange)} AND symbol IN (${req.symbols.map(sqlString).join(', ')})
     GROUP BY symbol, interval_min ORDER BY symbol, interval_min`);
  let expectedRows = 0;
  const symbols = req.symbols.map((symbol, index): SymbolPlan => {
    const series = all.filter((s) => s.symbol === symbol);
    const exact = series.find((s) => s.interval_min === req.interval);
    const finer = series.filter((s) => s.interval_min < req.interval && req.interval % s.interval_min === 0).sort((a, b) => b.interval_min - a.interval_min)[0];
    const c = exact ?? finer;
    if (!c) {
      const stored = series.map((s) => `${formatTimeframe(s.interval_min)} ${iso(s.first)}..${iso(s.last)}`).join('; ') || 'nothing';
      throw new NoCandlesError(`no ${req.exchange} ${symbol} candles at ${label} or at a finer interval that divides it; stored for ${symbol}: ${stored}`);
    }
    const resample = c.interval_min !== req.interval;
    const n = resample ? c.bucketed : c.direct;
    if (n === 0) {
      const via = resample ? ` (resampled from ${formatTimeframe(c.interval_min)})` : '';
      throw new NoCandlesError(`no ${req.exchange} ${symbol} ${label} candles${via} between ${iso(req.from)} and ${iso(req.to)}; stored range is ${iso(c.first)}..${iso(c.last)} (${c.count} ${formatTimeframe(c.interval_min)} candles)`);
    }
    expectedRows += resample ? Math.ceil(n / (req.interval / c.interval_min)) : n;
    return { index, symbol, sourceMin: c.interval_min, resample, coveredFrom: c.first, coveredTo: c.last + c.interval_min * MINUTE_MS };
  });
  return { symbols, expectedRows };
}

/**
 * SQL for output open times in [ws, we) of the symbols that share one source interval. The
 * pair index comes from a CASE over the symbol (cheaper than a join on the hot path). All
 * columns DOUBLE and NOT NULL.
 *
 * Which symbols: not `symbol IN (...)`, which DuckDB plans as a hash (mark) join against the
 * list, hashing every row's symbol, and which its scan cannot use to skip row groups. Instead
 * a range the scan can check against each row group's min/max (so a pair's own file skips the
 * other pairs' rows) and, for the exact set, the same CASE being non-NULL. Measured on the
 * 5M-row benchmark: about an eighth less CPU for DuckDB's window queries alone, about 5% of a
 * whole load. least/greatest are DuckDB's, so the range follows its string order, not JS's.
 */
function groupSql(req: LoadCandlesRequest, group: readonly SymbolPlan[], ws: number, we: number): string {
  const { sourceMin, resample } = group[0];
  const caseOf = (value: (p: SymbolPlan) => number): string =>
    `CASE symbol ${group.map((p) => `WHEN ${sqlString(p.symbol)} THEN ${sqlInt(value(p))}`).join(' ')} END`;
  const list = group.map((p) => sqlString(p.symbol)).join(', ');
  const where = `WHERE exchange = ${sqlString(req.exchange)} AND interval_min = ${sqlInt(sourceMin)}
    AND symbol BETWEEN least(${list}) AND greatest(${list}) AND (${caseOf((p) => p.index)}) IS NOT NULL`;
  if (!resample) {
    return `SELECT CAST(open_time AS DOUBLE) AS ot, CAST(${caseOf((p) => p.index)} AS DOUBLE) AS p, open, high, low, close, volume,
        CAST(COALESCE(trades, 0) AS DOUBLE) AS tr
      FROM candles ${where} AND open_time >= ${sqlInt(ws)} AND open_time < ${sqlInt(we)}`;
  }
  const t = req.interval * MINUTE_MS;
  const complete = req.partialBuckets === 'keep' ? '' : `HAVING b >= any_value(cf) AND b + ${sqlInt(t)} <= any_value(ct)`;
  return `SELECT CAST(b AS DOUBLE) AS ot, CAST(p AS DOUBLE) AS p, arg_min(open, open_time) AS open, max(high) AS high, min(low) AS low,
      arg_max(close, open_time) AS close, sum(volume ORDER BY open_time) AS volume, CAST(COALESCE(sum(trades), 0) AS DOUBLE) AS tr
    FROM (SELECT ${caseOf((p) => p.index)} AS p, ${caseOf((p) => p.coveredFrom)} AS cf, ${caseOf((p) => p.coveredTo)} AS ct,
        open_time, open, high, low, close, volume, trades, (open_time // ${sqlInt(t)}) * ${sqlInt(t)} AS b
      FROM candles ${where} AND open_time >= ${sqlInt(alignUp(ws, t))} AND open_time < ${sqlInt(alignUp(we, t))})
    GROUP BY p, b ${complete}`;
}

/** One SELECT for a window: a part per source interval, merged and ordered by (open time, pair). */
function windowSql(req: LoadCandlesRequest, plans: readonly SymbolPlan[], ws: number, we: number): string {
  const groups = new Map<number, SymbolPlan[]>();
  for (const p of plans) groups.set(p.sourceMin, [...(groups.get(p.sourceMin) ?? []), p]);
  const parts = [...groups.values()].map((g) => groupSql(req, g, ws, we));
  return `SELECT * FROM (${parts.join('\nUNION ALL\n')}) ORDER BY ot, p`;
}

/** Splits [from, to) into windows of about windowRows rows, aligned to the interval. */
function timeWindows(req: LoadCandlesRequest, plan: Plan): Array<[number, number]> {
  const t = req.interval * MINUTE_MS;
  const lo = Math.max(req.from, alignDown(Math.min(...plan.symbols.map((p) => p.coveredFrom)), t));
  const hi = Math.min(req.to, alignUp(Math.max(...plan.symbols.map((p) => p.coveredTo)), t));
  if (hi <= lo) return [[req.from, req.to]];
  const rows = req.windowRows ?? (plan.symbols.every((p) => !p.resample) ? DIRECT_WINDOW_ROWS : WINDOW_ROWS);
  const count = Math.max(1, Math.ceil(plan.expectedRows / rows));
  const step = Math.max(t, alignUp(Math.ceil((hi - lo) / count), t));
  const windows: Array<[number, number]> = [];
  for (let ws = lo; ws < hi; ws = Math.min(hi, alignDown(ws, t) + step)) windows.push([ws, Math.min(hi, alignDown(ws, t) + step)]);
  return windows;
}


/** See LoadCandlesRequest. Opens its own connection so other store calls may run while it streams. */
export async function* loadCandles(instance: StoreInstance, req: LoadCandlesRequest): AsyncGenerator<CandleBatch> {
  checkRequest(req);
  // One connection, used both ways: node-api for the small planning queries, the C API
  // bindings for the windows (see vector-read.ts).
  const raw = await connect(instance.database);
  const conn = new DuckDBConnection(raw);
  let pending: Promise<Result> | undefined;
  try {
    const plan = (await planDirect(conn, req)) ?? (await planSymbols(conn, req));
    const windows = timeWindows(req, plan);
    const capacity = req.batchSize ?? 8192;
    const writer = new BatchWriter(capacity, req.interval * MINUTE_MS, req.reuseBatch ?? true);
    // Direct loads read each window unsorted and merge its runs (see WindowBuffer); resampled
    // ones (GROUP BY output has no useful order) and disordered data use DuckDB's ORDER BY,
    // whose result is one run.
    let unsorted = plan.symbols.every((p) => !p.resample);
    const buffer = new WindowBuffer(Math.min(1 << 20, Math.ceil(plan.expectedRows / windows.length) + 4096));
    const merger = new RunMerger();
    const starts = new Int32Array(capacity);
    const lengths = new Int32Array(capacity);
    // Materialized, not streamed: DuckDB's streaming results hand out the chunks of parallel
    // scan threads interleaved (hundreds of runs per window), a materialized result keeps
    // insertion order; and the next window runs in DuckDB while JS merges this one.
    const start = (w: number): Promise<Result> => {
      const [ws, we] = windows[w];
      const run = runQuery(raw, unsorted ? groupSql(req, plan.symbols, ws, we) : windowSql(req, plan.symbols, ws, we));
      run.catch(() => undefined); // awaited below or in finally; never an unhandled rejection
      return run;
    };
    pending = start(0);
    for (let w = 0; w < windows.length; w++) {
      const result = await (pending ?? start(w));
      pending = undefined;
      if (!readRuns(result, buffer)) {
        // Too disordered to merge: this window and the rest of the request come sorted.
        unsorted = false;
        pending = start(w);
        const sorted = await pending;
        pending = undefined;
        readRuns(sorted, buffer);
      }
      if (w + 1 < windows.length) pending = start(w + 1);
      merger.init(buffer);
      for (let blocks = merger.fill(starts, lengths, writer.room); blocks > 0; blocks = merger.fill(starts, lengths, writer.room)) {
        writer.appendBlocks(buffer.columns, starts, lengths, blocks, merger.rows);
        if (writer.room === 0) {
          yield writer.batch;
          writer.renew();
        }
      }
    }
    if (writer.batch.length > 0) yield writer.batch;
  } finally {
    if (pending) {
      // The consumer stopped early: do not close the connection under a running query.
      interruptQuery(raw);
      await pending.catch(() => undefined);
    }
    conn.closeSync();
  }
}

/**
 * Copies a window into `buffer`; false (copying stops early) when its rows are too disordered
 * to merge. A sorted query's rows are one run, so they never are.
 */
function readRuns(result: Result, buffer: WindowBuffer): boolean {
  const columns = doubleColumns(result);
  if (columns !== LOADER_COLUMNS) throw new Error(`candle query returned ${columns} columns, expected ${LOADER_COLUMNS}`);
  buffer.reset();
  buffer.reserve(rowCount(result));
  const chunks = chunkCount(result);
  for (let c = 0; c < chunks; c++) {
    buffer.appendChunk(result, c);
    if (buffer.disordered) return false;
  }
  return true;
}
