import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureResultsSchema } from '../../../src/backtest/results/results-schema.ts';
import { firstFillDifference, getRun, listRuns, resolveRunId, trimDecimal } from '../../../src/backtest/results/runs-query.ts';
import { MarketStore } from '../../../src/backtest/store/index.ts';

let store: MarketStore;

/** A run row and its fills: [time_ms, side, qty, price, fee]. */
async function addRun(id: string, savedMs: number, fills: [number, 'buy' | 'sell', string, string, string][]): Promise<void> {
  const conn = store.connection;
  await conn.run(
    `INSERT INTO runs (run_id, hash, strategy, params, exchange, pairs, timeframe, from_ms, to_ms, candles, config, initial_cash, final_equity, realized_pnl, unrealized_pnl, fees_paid, metrics, assumptions, saved_ms)
     VALUES ($1, $2, 'sma-cross', '{"fast":"5"}', 'kraken', 'BTC/USD', '1h', 0, 3600000, 1, '{}', 10000, 10001.5, 1.5, 0, 0.26, '{"totalReturn":0.00015,"trades":1}', '{}', $3)`,
    [id, `hash-${id}`, savedMs],
  );
  let seq = 0;
  for (const [t, side, qty, price, fee] of fills) {
    await conn.run(`INSERT INTO run_fills VALUES ($1, $2, $3, 'o1', 'x', 'BTC/USD', $4, $5::DECIMAL(38,18), $6::DECIMAL(38,18), $7::DECIMAL(38,18), 'USD', 'taker', 0)`, [id, ++seq, t, side, qty, price, fee]);
  }
}

beforeEach(async () => {
  store = await MarketStore.open(':memory:');
  await ensureResultsSchema(store.connection);
});
afterEach(() => store.close());

describe('runs queries', () => {
  it.each([
    ['123.450000000000000000', '123.45'],
    ['10000.000000000000000000', '10000'],
    ['0.000000000000000000', '0'],
    ['42', '42'],
  ])('trimDecimal(%s) = %s', (input, out) => {
    expect(trimDecimal(input)).toBe(out);
  });

  it('finds the first differing fill, including a run that simply has fewer fills', async () => {
    await addRun('a', 1, [[1, 'buy', '1', '100', '0.26'], [2, 'sell', '1', '110', '0.28'], [3, 'buy', '1', '105', '0.27']]);
    await addRun('b', 2, [[1, 'buy', '1', '100', '0.26'], [2, 'sell', '1', '110', '0.28']]);
    await addRun('c', 3, [[1, 'buy', '1', '100', '0.26'], [2, 'sell', '1', '111', '0.28'], [3, 'buy', '1', '105', '0.27']]);
    const conn = store.connection;
    expect(await firstFillDifference(conn, 'a', 'a')).toBeNull();
    expect(await firstFillDifference(conn, 'a', 'b')).toMatchObject({ n: 3, a: { side: 'buy', price: '105', fee: '0.27' }, b: null });
    expect(await firstFillDifference(conn, 'b', 'a')).toMatchObject({ n: 3, a: null, b: { price: '105' } });
    expect(await firstFillDifference(conn, 'a', 'c')).toMatchObject({ n: 2, a: { price: '110' }, b: { price: '111' } });
  });

  it('resolves ids, prefixes, latest and latest~N; lists newest first; reads a run with exact money', async () => {
    await addRun('sma-1', 10, []);
    await addRun('sma-2', 20, []);
    await addRun('other', 5, []);
    const conn = store.connection;
    expect(await resolveRunId(conn, 'latest')).toBe('sma-2');
    expect(await resolveRunId(conn, 'latest~2')).toBe('other');
    expect(await resolveRunId(conn, 'oth')).toBe('other');
    await expect(resolveRunId(conn, 'sma')).rejects.toThrow('run "sma" is ambiguous: sma-1, sma-2');
    await expect(resolveRunId(conn, 'latest~3')).rejects.toThrow('no run "latest~3": 3 runs stored');
    expect((await listRuns(conn)).map((r) => r.run_id)).toEqual(['sma-2', 'sma-1', 'other']);
    const run = await getRun(conn, 'sma-1');
    expect(run).toMatchObject({ initialCash: '10000', finalEquity: '10001.5', feesPaid: '0.26', params: { fast: '5' }, metrics: { trades: 1 }, savedAt: 10 });
  });
});
