import type { DuckDBConnection } from '@duckdb/node-api';
import type { JobResult } from './job.ts';

/**
 * Sweep results in DuckDB, next to the market data and the backtest runs. A sweep is keyed by
 * a hash of its spec, so running the same command again finds the jobs already done and
 * resumes. `result` holds the whole JobResult as JSON (read back byte for byte); the other
 * columns are there for SQL.
 */
const TABLES = [
  `CREATE TABLE IF NOT EXISTS sweeps (sweep_id VARCHAR PRIMARY KEY, strategy VARCHAR NOT NULL, spec JSON NOT NULL, jobs INTEGER NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS sweep_results (
    sweep_id VARCHAR NOT NULL, job_index INTEGER NOT NULL, job_key VARCHAR NOT NULL, segment VARCHAR, fold INTEGER, from_ms BIGINT, to_ms BIGINT,
    params JSON, hash VARCHAR, trades INTEGER, total_return DOUBLE, sharpe DOUBLE, max_drawdown DOUBLE, final_equity DECIMAL(38,18), error VARCHAR,
    result JSON NOT NULL, PRIMARY KEY (sweep_id, job_index))`,
];

export async function ensureSweepSchema(conn: DuckDBConnection): Promise<void> {
  for (const sql of TABLES) await conn.run(sql);
}

/** JSON without losing Infinity (a profit factor with no losing trade). */
export function resultToJson(r: JobResult): string {
  return JSON.stringify(r, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v));
}

export function resultFromJson(text: string): JobResult {
  return JSON.parse(text, (k, v) => (k === 'profitFactor' && typeof v === 'string' ? Number(v) : v)) as JobResult;
}

/** Registers a sweep (idempotent); refuses an id already used by a different spec. */
export async function registerSweep(conn: DuckDBConnection, sweepId: string, strategy: string, spec: string, jobs: number): Promise<void> {
  await ensureSweepSchema(conn);
  const r = await conn.runAndReadAll('SELECT spec::VARCHAR AS spec FROM sweeps WHERE sweep_id = $1', [sweepId]);
  const rows = r.getRowObjectsJS();
  if (rows.length > 0) {
    if (JSON.stringify(JSON.parse(String(rows[0].spec))) !== JSON.stringify(JSON.parse(spec))) throw new Error(`sweep ${sweepId} exists with a different spec`);
    return;
  }
  await conn.run('INSERT INTO sweeps VALUES ($1, $2, $3::JSON, $4)', [sweepId, strategy, spec, jobs]);
}

/** Results already stored for a sweep, by job index. */
export async function storedResults(conn: DuckDBConnection, sweepId: string): Promise<Map<number, JobResult>> {
  await ensureSweepSchema(conn);
  const r = await conn.runAndReadAll('SELECT result::VARCHAR AS result FROM sweep_results WHERE sweep_id = $1 ORDER BY job_index', [sweepId]);
  const out = new Map<number, JobResult>();
  for (const row of r.getRowObjectsJS()) {
    const res = resultFromJson(String(row.result));
    out.set(res.index, res);
  }
  return out;
}

/** Appends finished results in one transaction (a re-run job replaces its row). */
export async function saveResults(conn: DuckDBConnection, sweepId: string, results: readonly JobResult[]): Promise<void> {
  if (results.length === 0) return;
  await conn.run('BEGIN TRANSACTION');
  try {
    for (const r of results) {
      await conn.run('DELETE FROM sweep_results WHERE sweep_id = $1 AND job_index = $2', [sweepId, r.index]);
      await conn.run(
        `INSERT INTO sweep_results VALUES ($1, $2, $3, $4, $5, $6, $7, $8::JSON, $9, $10, $11, $12, $13, $14::DECIMAL(38,18), $15, $16::JSON)`,
        [sweepId, r.index, r.key, r.segment, r.fold, r.from, r.to, JSON.stringify(r.params), r.hash, r.trades, r.totalReturn, r.sharpe, r.maxDrawdown, r.finalEquity, r.error, resultToJson(r)],
      );
    }
    await conn.run('COMMIT');
  } catch (e) {
    await conn.run('ROLLBACK');
    throw e;
  }
}
