import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureStore } from '../../src/backtest/store/index.ts';
import { krakenbt } from './run-krakenbt.ts';

let dir: string;
let store: string;
/** Two stored runs that differ only in one parameter, and a third that repeats the first. */
let a: { runId: string; hash: string; fills: number; trades: number; finalEquity: string };
let b: { runId: string; hash: string };

const bt = async (...args: string[]) => {
  const r = await krakenbt(['backtest', '--store', store, '--no-report', '--json', '--from', '2019-01-01', '--to', '2021-12-31', ...args]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'krakenbt-runs-'));
  store = join(dir, 'market.duckdb');
  await ensureStore(store, { progressBar: false });
  a = await bt('--param', 'fast=20', '--param', 'slow=100');
  b = await bt('--param', 'fast=30', '--param', 'slow=100');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('krakenbt runs', () => {
  it('list shows every stored run, most recent first, as a table or JSON', async () => {
    const text = await krakenbt(['runs', 'list', '--store', store]);
    expect(text.code).toBe(0);
    const lines = text.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^run id\s+strategy\s+params\s+pairs\s+tf\s+from\s+to\s+return\s+max dd\s+sharpe\s+trades\s+stored \(UTC\)$/);
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain(b.runId);
    expect(lines[2]).toContain(a.runId);
    expect(lines[2]).toMatch(/fast=20 slow=100\s+BTC\/USD\s+1d\s+2019-01-01\s+2021-12-31/);
    const json = JSON.parse((await krakenbt(['runs', 'list', '--store', store, '--json'])).stdout);
    expect(json.map((r: { run_id: string }) => r.run_id)).toEqual([b.runId, a.runId]);
    expect(json[1]).toMatchObject({ hash: a.hash, final_equity: a.finalEquity, trades: a.trades });
    const only = JSON.parse((await krakenbt(['runs', 'list', '--store', store, '--json', '--limit', '1'])).stdout);
    expect(only).toHaveLength(1);
  });

  it('show prints one run by id or unique prefix; an unknown id is one line, exit 2', async () => {
    const r = await krakenbt(['runs', 'show', a.runId.slice(0, 16), '--store', store, '--json']);
    expect(r.code).toBe(0);
    const run = JSON.parse(r.stdout);
    expect(run).toMatchObject({ runId: a.runId, hash: a.hash, params: { fast: '20', slow: '100' }, finalEquity: a.finalEquity });
    expect(run.counts.fills).toBe(a.fills);
    const text = await krakenbt(['runs', 'show', a.runId, '--store', store]);
    expect(text.stdout).toMatch(new RegExp(`event-log hash\\s+${a.hash}`));
    expect(text.stdout).toContain('assumptions:');
    const missing = await krakenbt(['runs', 'show', 'nope', '--store', store]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('error: no stored run "nope" (2 runs stored; krakenbt runs list shows them)\n');
    const ambiguous = await krakenbt(['runs', 'show', 'sma-cross', '--store', store]);
    expect(ambiguous.stderr).toMatch(/^error: run "sma-cross" is ambiguous: sma-cross-/);
  });

  it('compare prints both runs side by side and the first fill where they differ', async () => {
    const r = await krakenbt(['runs', 'compare', a.runId, b.runId, '--store', store]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/strategy\s+sma-cross fast=20 slow=100\s+sma-cross fast=30 slow=100/);
    expect(r.stdout).toMatch(/total return\s+-?[\d.]+%\s+-?[\d.]+%/);
    expect(r.stdout).toMatch(/first fill that differs \(#\d+\):\n {2}a: \d{4}-\d\d-\d\d \d\d:\d\d BTC\/USD (buy|sell) qty [\d.]+ @ [\d.]+ fee [\d.]+ USD/);
    const json = JSON.parse((await krakenbt(['runs', 'compare', a.runId, b.runId, '--store', store, '--json'])).stdout);
    expect(json.identical).toBe(false);
    const d = json.firstFillDifference;
    // Every fill before it is the same in both runs; this one is not.
    const fills = async (id: string) => {
      const db = await DuckDBInstance.create(store, { access_mode: 'READ_ONLY' });
      const conn = await db.connect();
      const rows = (await conn.runAndReadAll(`SELECT time_ms::DOUBLE AS time_ms, side, qty::VARCHAR AS qty, price::VARCHAR AS price FROM run_fills WHERE run_id = '${id}' ORDER BY seq`)).getRowObjectsJS();
      conn.closeSync();
      db.closeSync();
      return rows.map((x) => JSON.stringify(x));
    };
    const fa = await fills(a.runId);
    const fb = await fills(b.runId);
    expect(fa.slice(0, d.n - 1)).toEqual(fb.slice(0, d.n - 1));
    expect(fa[d.n - 1]).not.toEqual(fb[d.n - 1]);
    expect(Number(d.a.time_ms)).toBe(Number(JSON.parse(fa[d.n - 1]).time_ms));
  });

  it('compare says when two runs are identical', async () => {
    const r = await krakenbt(['runs', 'compare', a.runId, a.runId, '--store', store]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n').at(-1)).toBe('identical: same event-log hash, so every input, order, fill and ledger entry is the same');
  });

  it.each(['csv', 'parquet'] as const)('export writes the trades and fills as %s', async (format) => {
    const out = join(dir, `export-${format}`);
    const r = await krakenbt(['runs', 'export', a.runId, '--store', store, '--format', format, '--out', out, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const files = JSON.parse(r.stdout) as { table: string; path: string; rows: number }[];
    expect(files.map((f) => [f.table, f.rows])).toEqual([['trades', a.trades], ['fills', a.fills]]);
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    const read = format === 'csv' ? 'read_csv' : 'read_parquet';
    const fills = (await conn.runAndReadAll(`SELECT side, qty::VARCHAR AS qty FROM ${read}('${files[1].path}') ORDER BY seq`)).getRowObjectsJS();
    const trades = (await conn.runAndReadAll(`SELECT count(*) AS n, sum(pnl) AS pnl FROM ${read}('${files[0].path}')`)).getRowObjectsJS()[0];
    conn.closeSync();
    db.closeSync();
    expect(fills).toHaveLength(a.fills);
    expect(fills[0].side).toBe('buy');
    expect(Number(trades.n)).toBe(a.trades);
    if (format === 'csv') expect(readFileSync(files[0].path, 'utf8').split('\n')[0]).toBe('pair,entry_time,exit_time,qty,entry_price,exit_price,pnl,fees,return_pct,holding_hours,entry_ms,exit_ms');
  });

  it('reading runs from a store that does not exist is one line, exit 2', async () => {
    const r = await krakenbt(['runs', 'list', '--store', join(dir, 'none.duckdb')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: no market store at .*none\.duckdb; run a backtest first/);
  });
});

describe('krakenbt runs: latest and latest~N', () => {
  it('name the most recently stored run and the ones before it', async () => {
    const show = async (ref: string) => krakenbt(['runs', 'show', ref, '--store', store, '--json']);
    expect(JSON.parse((await show('latest')).stdout).runId).toBe(b.runId);
    expect(JSON.parse((await show('latest~1')).stdout).runId).toBe(a.runId);
    const past = await show('latest~2');
    expect(past.code).toBe(2);
    expect(past.stderr).toBe('error: no run "latest~2": 2 runs stored\n');
  });
});
