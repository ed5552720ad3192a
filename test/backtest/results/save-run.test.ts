import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSyntheticStore } from '../../../bench/memory.ts';
import { formatFixed } from '../../../src/core/decimal/fixed.ts';
import { trimDecimal } from '../../../src/backtest/results/runs-query.ts';
import { saveRun } from '../../../src/backtest/results/save-run.ts';
import { parseBacktestConfig } from '../../../src/backtest/run/backtest-config.ts';
import { runBacktest, type BacktestResult } from '../../../src/backtest/run/run-backtest.ts';
import { MarketStore } from '../../../src/backtest/store/index.ts';

// 70k one-minute candles of the bench's synthetic walk: sma-cross spends the account on fees
// and is then refused at every cross-up, so the run closes about 9k orders, more than one of
// OrderLog's encoded blocks (4,096).
let dir: string;
let store: MarketStore;
let result: BacktestResult;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'krakenbt-save-run-'));
  const path = join(dir, 'syn.duckdb');
  await buildSyntheticStore(path, 70_000);
  store = await MarketStore.open(path);
  const config = parseBacktestConfig({ strategy: 'sma-cross', exchange: 'synthetic', pairs: ['SYN/USD'], timeframe: '1m', from: '2000-01-01', to: '2000-03-01', volumeShare: null });
  result = await runBacktest(config, store);
}, 60_000);
afterAll(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('saveRun', () => {
  it('stores every closed and open order of a run whose orders span encoded blocks, field for field', async () => {
    expect(result.orders.length).toBeGreaterThan(2 * 4096);
    const id = await saveRun(store, result);
    const rows = (await (await store.connection.runAndReadAll(
      `SELECT client_id, status, reason, qty::VARCHAR AS qty, quote_qty::VARCHAR AS quote_qty, created_ms FROM run_orders WHERE run_id = $1 ORDER BY rowid`, [id],
    )).getRowObjects()) as { client_id: string; status: string; reason: string | null; qty: string; quote_qty: string | null; created_ms: bigint }[];
    const orders = [...result.orders.toArray(), ...result.openOrders];
    expect(rows.length).toBe(orders.length);
    const trim = (s: string | null) => (s === null ? null : trimDecimal(s));
    for (let i = 0; i < orders.length; i++) {
      const o = orders[i];
      expect([rows[i].client_id, rows[i].status, rows[i].reason, trim(rows[i].qty), trim(rows[i].quote_qty), Number(rows[i].created_ms)], o.clientId).toEqual([
        o.clientId, o.status, o.reason ?? null, trim(formatFixed(o.qty)), o.quoteQty === undefined ? null : trim(formatFixed(o.quoteQty)), o.createdAt,
      ]);
    }
    const rejected = orders.filter((o) => o.status === 'rejected').length;
    expect(Object.values(result.rejectionsByReason).reduce((s, n) => s + n, 0)).toBe(rejected);
    const eq = (await (await store.connection.runAndReadAll(`SELECT time_ms, equity, cash FROM run_equity WHERE run_id = $1 ORDER BY rowid`, [id])).getRowObjects()) as { time_ms: bigint; equity: number; cash: number }[];
    expect(eq.length).toBe(result.equity.length);
    const { time, equity, cash } = result.equity;
    let differing = -1;
    for (let i = 0; i < eq.length && differing < 0; i++) if (Number(eq[i].time_ms) !== time[i] || !Object.is(eq[i].equity, equity[i]) || !Object.is(eq[i].cash, cash[i])) differing = i;
    expect(differing).toBe(-1);
    expect(new Set(cash).size).toBeGreaterThan(100); // cash really changes along the run
  });
});
