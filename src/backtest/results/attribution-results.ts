import type { DuckDBConnection } from '@duckdb/node-api';
import type { Attribution } from '../../core/metrics/attribution.ts';

/**
 * The attribution of a run next to its other tables: one row per strategy (scope 'strategy')
 * and per regime (scope 'regime'; pnl_by_strategy holds each strategy's PnL in it as JSON).
 * Fees exact (DECIMAL(38,18)); the rest are floats like the metrics.
 */
const TABLE = `CREATE TABLE IF NOT EXISTS run_attribution (
  run_id VARCHAR, scope VARCHAR, name VARCHAR, fills BIGINT, pnl DOUBLE, fees DECIMAL(38,18), exposure DOUBLE, turnover DOUBLE,
  max_drawdown DOUBLE, max_drawdown_pct DOUBLE, time_share DOUBLE, pnl_by_strategy JSON)`;

/** Replaces the attribution rows of a run (call inside the run's save transaction). */
export async function saveAttribution(conn: DuckDBConnection, runId: string, a: Attribution): Promise<void> {
  await conn.run(TABLE);
  await conn.run('DELETE FROM run_attribution WHERE run_id = $1', [runId]);
  const sql = 'INSERT INTO run_attribution VALUES ($1, $2, $3, $4, $5, $6::DECIMAL(38,18), $7, $8, $9, $10, $11, $12::JSON)';
  for (const s of a.strategies) {
    await conn.run(sql, [runId, 'strategy', s.strategy, s.fills, s.pnl, s.fees, s.exposure, s.turnover, s.maxDrawdown, s.maxDrawdownPct, null, null]);
  }
  for (const r of a.regimes) {
    await conn.run(sql, [runId, 'regime', r.regime, r.fills, r.pnl, r.fees, r.exposure, r.turnover, r.maxDrawdown, null, r.timeShare, JSON.stringify(r.pnlByStrategy)]);
  }
}
