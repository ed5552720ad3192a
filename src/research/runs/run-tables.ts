import type { ColumnTable } from 'arquero';
import type { MarketStore } from '../../backtest/store/index.ts';
import { queryTable } from '../data/query.ts';

/** One stored run, read back from the results tables as arquero tables (money as floats). */
export interface RunTables {
  readonly run: ColumnTable;
  readonly orders: ColumnTable;
  readonly fills: ColumnTable;
  readonly ledger: ColumnTable;
  readonly lots: ColumnTable;
  readonly equity: ColumnTable;
  readonly trips: ColumnTable;
}

const ORDER_BY: Record<string, string> = {
  run_orders: 'created_ms, client_id',
  run_fills: 'seq',
  run_ledger: 'seq, kind, asset',
  run_lots: 'asset, opened_ms',
  run_equity: 'time_ms',
  run_trips: 'entry_ms, pair',
};

/** Reads a stored run; throws naming the id when there is no such run. */
export async function runTables(store: MarketStore, runId: string): Promise<RunTables> {
  const conn = store.connection;
  const run = await queryTable(conn, 'SELECT * FROM runs WHERE run_id = $1', [runId]);
  if (run.numRows() === 0) {
    const known = await queryTable(conn, 'SELECT run_id FROM runs ORDER BY run_id');
    throw new Error(`no stored run "${runId}"; stored runs: ${(known.array('run_id') as string[]).join(', ') || 'none'}`);
  }
  const read = (t: string) => queryTable(conn, `SELECT * EXCLUDE (run_id) FROM ${t} WHERE run_id = $1 ORDER BY ${ORDER_BY[t]}`, [runId]);
  return {
    run,
    orders: await read('run_orders'),
    fills: await read('run_fills'),
    ledger: await read('run_ledger'),
    lots: await read('run_lots'),
    equity: await read('run_equity'),
    trips: await read('run_trips'),
  };
}

/** Every stored run with its headline metrics, newest ids first is not implied: ordered by run id. */
export function listRuns(store: MarketStore): Promise<ColumnTable> {
  return queryTable(
    store.connection,
    `SELECT run_id, strategy, params::VARCHAR AS params, pairs, timeframe, from_ms, to_ms, candles,
       CAST(final_equity AS DOUBLE) AS final_equity, TRY_CAST(metrics->>'sharpe' AS DOUBLE) AS sharpe,
       TRY_CAST(metrics->>'maxDrawdown' AS DOUBLE) AS max_drawdown, TRY_CAST(metrics->>'trades' AS INTEGER) AS trades
     FROM runs ORDER BY run_id`,
  );
}
