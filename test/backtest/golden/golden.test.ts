import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatFixed, fromFloat, mulExact } from '../../../src/core/decimal/fixed.ts';
import { parseBacktestConfig } from '../../../src/backtest/run/backtest-config.ts';
import { runBacktest, type BacktestResult } from '../../../src/backtest/run/run-backtest.ts';
import { summarize } from '../../../src/backtest/run/summary.ts';
import { ensureStore, MarketStore } from '../../../src/backtest/store/index.ts';

/**
 * Golden end-to-end runs on the bundled real Kraken data. The expected summaries (metrics and
 * the event-log hash) are checked in; a change to any fill rule, fee, metric or the data shows
 * up here. To accept an intended change: UPDATE_GOLDEN=1 npx vitest run test/backtest/golden.
 */
const EXPECTED = join(import.meta.dirname, 'expected.json');
const RUNS = {
  'sma-cross BTC/USD 1h 2018-2022': { strategy: 'sma-cross', pairs: ['BTC/USD'], timeframe: '1h', from: '2018-01-01', to: '2022-12-31', cash: '10000' },
  'buy-and-hold BTC/USD 1h 2018-2022': { strategy: 'buy-and-hold', pairs: ['BTC/USD'], timeframe: '1h', from: '2018-01-01', to: '2022-12-31', cash: '10000' },
  'sma-cross BTC/USD+ETH/USD 4h 2019-2022, fast=20 slow=60': { strategy: 'sma-cross', params: { fast: '20', slow: '60' }, pairs: ['XBT/USD', 'ETHUSD'], timeframe: '4h', from: '2019-01-01', to: '2022-12-31', cash: '10000' },
} as const;

let dir: string;
let storePath: string;
const results = new Map<string, BacktestResult>();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'golden-'));
  storePath = join(dir, 'market.duckdb');
  await ensureStore(storePath, { progressBar: false });
  const store = await MarketStore.open(storePath);
  for (const [name, cfg] of Object.entries(RUNS)) results.set(name, await runBacktest(parseBacktestConfig(cfg), store, { collectPrices: true }));
  store.close(); // DuckDB allows one writer process: the CLI test below opens the file itself
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('golden backtests on bundled Kraken data', () => {
  it('match the checked-in metrics and hashes', () => {
    const actual = Object.fromEntries([...results].map(([name, r]) => [name, summarize(r)]));
    if (process.env.UPDATE_GOLDEN) writeFileSync(EXPECTED, JSON.stringify(actual, null, 2) + '\n');
    const expected = JSON.parse(readFileSync(EXPECTED, 'utf8'));
    expect(actual).toEqual(expected);
  });

  it("buy-and-hold's final equity is cash x last close / first open minus the fees, exactly per the ledger", () => {
    const r = results.get('buy-and-hold BTC/USD 1h 2018-2022')!;
    expect(r.fills).toHaveLength(1);
    const [buy] = r.fills;
    const firstOpen = buy.price;
    expect(buy.time).toBe(Date.UTC(2018, 0, 1, 1)); // the first candle (opens 00:00) closes at 01:00
    const closes = r.equity;
    // Exact identity: equity = cash - qty x open - fee + qty x last close.
    const last = r.balances.find((b) => b.asset === 'BTC')!.balance;
    expect(last).toBe(buy.qty);
    const cashLeft = r.balances.find((b) => b.asset === 'USD')!.balance;
    expect(cashLeft).toBe(r.initialCash - mulExact(buy.qty, firstOpen) - buy.fee);
    const lastPrice = fromFloat(r.prices[0].close.at(-1)!, 10); // the last close of the data, exact
    expect(formatFixed(lastPrice)).toBe('16528.2'); // close of Kraken's BTC/USD 2022-12-31 23:00 candle
    expect(r.finalEquity).toBe(r.initialCash - mulExact(buy.qty, firstOpen) - buy.fee + mulExact(buy.qty, lastPrice));
    // And it is cash x last/first less the fee share, within one lot of rounding dust.
    const ideal = Number(formatFixed(r.initialCash)) * (Number(formatFixed(lastPrice)) / Number(formatFixed(firstOpen))) / 1.0026;
    expect(Math.abs(Number(formatFixed(r.finalEquity)) - ideal)).toBeLessThan(Number(formatFixed(lastPrice)) * 1e-8 + 1e-6);
    expect(closes.equity.at(-1)).toBeCloseTo(Number(formatFixed(r.finalEquity)), 4);
  });

  it('the same backtest in two separate processes prints the same hash', () => {
    const run = () =>
      JSON.parse(
        execFileSync('npx', ['tsx', 'src/backtest/cli.ts', '--store', storePath, '--json', '--no-report', '--no-save', '--strategy', 'sma-cross', '--pairs', 'BTC/USD', '--timeframe', '1h', '--from', '2018-01-01', '--to', '2022-12-31'], {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'pipe'],
        }),
      ) as { hash: string; finalEquity: string };
    const a = run();
    const b = run();
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(b.hash).toBe(a.hash);
    expect(a.hash).toBe(results.get('sma-cross BTC/USD 1h 2018-2022')!.hash);
    expect(b.finalEquity).toBe(a.finalEquity);
  });
});
