import type { DuckDBAppender } from '@duckdb/node-api';
import { formatFixed, type Fixed } from '../../core/decimal/fixed.ts';
import type { MarketStore } from '../store/index.ts';
import type { BacktestResult } from '../run/run-backtest.ts';
import { saveAttribution } from './attribution-results.ts';
import { ensureResultsSchema, RUN_TABLES } from './results-schema.ts';

export function runIdOf(r: BacktestResult): string {
  return `${r.config.strategy.replace(/[^A-Za-z0-9_-]+/g, '_')}-${r.hash.slice(0, 12)}`;
}

const dec = (a: DuckDBAppender, x: Fixed | undefined) => (x === undefined ? a.appendNull() : a.appendVarchar(formatFixed(x)));

/** Stores a run (config, orders, fills, ledger entries, open lots, equity, round trips) in one transaction. */
export async function saveRun(store: MarketStore, r: BacktestResult): Promise<string> {
  const conn = store.connection;
  await ensureResultsSchema(conn);
  const id = runIdOf(r);
  await conn.run('BEGIN TRANSACTION');
  try {
    for (const t of RUN_TABLES) await conn.run(`DELETE FROM ${t} WHERE run_id = $1`, [id]);
    const metrics = JSON.stringify(r.metrics, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v));
    await conn.run(
      `INSERT INTO runs (run_id, hash, strategy, params, exchange, pairs, timeframe, from_ms, to_ms, candles, config, initial_cash, final_equity,
         realized_pnl, unrealized_pnl, fees_paid, metrics, assumptions, saved_ms)
       VALUES ($1, $2, $3, $4::JSON, $5, $6, $7, $8, $9, $10, $11::JSON, $12::DECIMAL(38,18), $13::DECIMAL(38,18), $14::DECIMAL(38,18), $15::DECIMAL(38,18), $16::DECIMAL(38,18), $17::JSON, $18::JSON, $19)`,
      [
        id, r.hash, r.config.strategy, JSON.stringify(r.config.params), r.config.exchange, r.pairs.join(','), r.config.timeframe, r.from, r.to, r.candles,
        JSON.stringify(r.config), formatFixed(r.initialCash), formatFixed(r.finalEquity), formatFixed(r.realizedPnl), formatFixed(r.unrealizedPnl),
        formatFixed(r.feesPaid), metrics, JSON.stringify(r.assumptions), Date.now(),
      ],
    );
    await append(store, 'run_orders', chain(r.orders, r.openOrders), (a, o) => {
      a.appendVarchar(id); a.appendVarchar(o.clientId); a.appendVarchar(o.pair); a.appendVarchar(o.side); a.appendVarchar(o.type);
      dec(a, o.qty); dec(a, o.quoteQty); dec(a, o.limitPrice); dec(a, o.triggerPrice); a.appendVarchar(o.status);
      dec(a, o.filledQty); dec(a, o.filledCost); dec(a, o.fees);
      if (o.reason === undefined) a.appendNull(); else a.appendVarchar(o.reason);
      if (o.tag === undefined) a.appendNull(); else a.appendVarchar(o.tag);
      a.appendBigInt(BigInt(o.createdAt)); a.appendBigInt(BigInt(o.updatedAt));
    });
    await append(store, 'run_fills', r.fills, (a, f) => {
      a.appendVarchar(id); a.appendBigInt(BigInt(f.seq)); a.appendBigInt(BigInt(f.time)); a.appendVarchar(f.clientId); a.appendVarchar(f.execId);
      a.appendVarchar(f.pair); a.appendVarchar(f.side); dec(a, f.qty); dec(a, f.price); dec(a, f.fee); a.appendVarchar(f.feeAsset);
      a.appendVarchar(f.liquidity); dec(a, f.realizedPnl);
    });
    // Ledger entries: the cash deposit, then per fill the quote leg, the base leg and the fee.
    const quoteAsset = r.pairs[0].split('/')[1];
    const entries: [number, number, string, string, Fixed, string][] = [[0, r.from, 'deposit', quoteAsset, r.initialCash, 'initial cash']];
    for (const f of r.fills) {
      const base = f.pair.split('/')[0];
      const quote = f.pair.split('/')[1];
      const notional = (f.qty * f.price) / 10n ** 18n;
      const sign = f.side === 'buy' ? 1n : -1n;
      entries.push([f.seq, f.time, 'trade', base, sign * f.qty, f.execId]);
      entries.push([f.seq, f.time, 'trade', quote, -sign * notional, f.execId]);
      if (f.fee !== 0n) entries.push([f.seq, f.time, 'fee', f.feeAsset, -f.fee, f.execId]);
    }
    await append(store, 'run_ledger', entries, (a, [seq, time, kind, asset, amount, ref]) => {
      a.appendVarchar(id); a.appendBigInt(BigInt(seq)); a.appendBigInt(BigInt(time)); a.appendVarchar(kind); a.appendVarchar(asset); dec(a, amount); a.appendVarchar(ref);
    });
    await append(store, 'run_lots', r.lots, (a, l) => {
      a.appendVarchar(id); a.appendVarchar(l.asset); dec(a, l.qty); dec(a, l.cost); a.appendBigInt(BigInt(l.openedAt)); a.appendVarchar(l.source);
    });
    const eq = r.equity;
    await append(store, 'run_equity', indices(eq.length), (a, i) => {
      a.appendVarchar(id); a.appendBigInt(BigInt(eq.timeAt(i))); a.appendDouble(eq.equity[i]); a.appendDouble(eq.cashAt(i));
    });
    await append(store, 'run_trips', r.trips, (a, t) => {
      a.appendVarchar(id); a.appendVarchar(t.pair); a.appendBigInt(BigInt(t.entryTime)); a.appendBigInt(BigInt(t.exitTime));
      a.appendDouble(t.qty); a.appendDouble(t.entryPrice); a.appendDouble(t.exitPrice); a.appendDouble(t.pnl); a.appendDouble(t.fees); a.appendDouble(t.returnPct);
    });
    if (r.attribution !== null) await saveAttribution(conn, id, r.attribution);
    await conn.run('COMMIT');
  } catch (e) {
    await conn.run('ROLLBACK');
    throw e;
  }
  return id;
}

// Rows are streamed into the appender: a long run's orders (decoded block by block, see
// OrderLog) and equity samples are never copied into one array first.
async function append<T>(store: MarketStore, table: string, rows: Iterable<T>, write: (a: DuckDBAppender, row: T) => void): Promise<void> {
  let a: DuckDBAppender | undefined;
  for (const row of rows) {
    a ??= await store.connection.createAppender(table);
    write(a, row);
    a.endRow();
  }
  a?.closeSync();
}

function* chain<T>(...parts: Iterable<T>[]): Generator<T> {
  for (const p of parts) for (const x of p) yield x;
}

function* indices(n: number): Generator<number> {
  for (let i = 0; i < n; i++) yield i;
}
