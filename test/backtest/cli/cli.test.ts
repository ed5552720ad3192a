import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureStore, MarketStore } from '../../../src/backtest/store/index.ts';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../../..');
let dir: string;
let store: string;

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/backtest/cli.ts', '--store', store, ...args], { cwd: ROOT, encoding: 'utf8' });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cli-'));
  store = join(dir, 'market.duckdb');
  await ensureStore(store, { progressBar: false });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run backtest: bad input gives one clear line and a non-zero exit', () => {
  const cases: [string, string[], RegExp][] = [
    ['inverted date range', ['--from', '2022-01-01', '--to', '2021-01-01'], /^error: --from 2022-01-01 is not before --to 2021-01-01/],
    ['not a date', ['--from', '2022-13-45'], /^error: --from: "2022-13-45" is not a real calendar date/],
    ['a range with no data', ['--timeframe', '1h', '--from', '2030-01-01', '--to', '2030-02-01'], /^error: no kraken BTC\/USD 1h candles between .* stored range is 2013-10-06/],
    ['an unknown pair, listing the available ones', ['--pairs', 'FOO/USD'], /^error: unknown pair "FOO\/USD"; pairs with kraken data: ADA\/USD, BTC\/USD, ETH\/USD/],
    ['an unknown strategy, listing the built-ins', ['--strategy', 'moon'], /^error: unknown strategy "moon"; built-in strategies: buy-and-hold, sma-cross/],
    ['a bad strategy parameter', ['--param', 'fast=abc'], /^error: sma-cross: fast must be a whole number, got "abc"/],
    ['an unknown strategy parameter', ['--param', 'speed=3'], /^error: sma-cross: unknown parameter "speed"; it takes fast, slow/],
    ['a bad timeframe', ['--timeframe', '7x'], /^error: .*7x/],
    ['a bad fee', ['--taker-fee', 'cheap'], /^error: --taker-fee: "cheap" is not a fee rate/],
    ['an unknown flag', ['--colour', 'red'], /^error: Unknown argument: colour/],
  ];
  it.each(cases)('%s', async (_name, args, message) => {
    const r = await cli(...args, '--no-report', '--no-save');
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr.trim()).toMatch(message);
  });

  it('a broken config file names the problem', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"cash": "-5", "risk": {"maxDrawdown": 3}}');
    const r = await cli('--config', bad, '--no-report', '--no-save');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/invalid backtest config: cash: must be a positive decimal amount/);
    writeFileSync(bad, '{not json');
    expect((await cli('--config', bad)).stderr).toMatch(/^error: --config .*bad\.json: not valid JSON/);
  });
});

describe('npm run backtest: runs', () => {
  it("accepts Kraken's pair spellings, a user strategy file, writes the report and stores the run in DuckDB", async () => {
    const file = join(dir, 'my-strategy.ts');
    writeFileSync(
      file,
      `import { parseFixed } from ${JSON.stringify(join(ROOT, 'src/core/decimal/fixed.ts'))};
export default (params) => {
  let n = 0;
  return {
    name: 'every-nth',
    onCandle(ctx, bar) {
      if (++n % Number(params.every ?? 100) !== 0) return;
      const held = ctx.position(bar.symbol);
      if (held > 0n) ctx.submit({ pair: bar.symbol, side: 'sell', type: 'market', qty: held });
      else ctx.submit({ pair: bar.symbol, side: 'buy', type: 'market', quoteQty: parseFixed('1000') });
    },
  };
};
`,
    );
    const out = join(dir, 'out');
    const r = await cli('--strategy', file, '--param', 'every=50', '--pairs', 'XXBTZUSD', '--timeframe', '1h', '--from', '2020-01-01', '--to', '2020-03-31', '--json', '--out', out);
    expect(r.stderr).toBe('');
    const summary = JSON.parse(r.stdout);
    expect(summary.pairs).toBe('BTC/USD');
    expect(summary.fills).toBeGreaterThan(10);
    expect(existsSync(summary.report)).toBe(true);
    expect(readFileSync(summary.report, 'utf8')).toContain(summary.hash);
    const s = await MarketStore.open(store);
    try {
      const rows = (await s.connection.runAndReadAll(`SELECT (SELECT count(*) FROM run_fills WHERE run_id = $1) AS fills, (SELECT final_equity::VARCHAR FROM runs WHERE run_id = $1) AS eq, (SELECT count(*) FROM run_equity WHERE run_id = $1) AS samples, (SELECT count(*) FROM run_ledger WHERE run_id = $1) AS ledger`, [summary.runId])).getRowObjectsJS()[0];
      expect(Number(rows.fills)).toBe(summary.fills);
      expect(Number(rows.eq)).toBeCloseTo(Number(summary.finalEquity), 6);
      expect(Number(rows.samples)).toBe(summary.candles);
      expect(Number(rows.ledger)).toBeGreaterThan(2 * summary.fills);
    } finally {
      s.close();
    }
  });

  it('prints the summary table with the hash and every metric', async () => {
    const r = await cli('--from', '2021-01-01', '--to', '2021-06-30', '--no-report', '--no-save', '--maker-fee', '0.16%', '--taker-fee', '0.26%');
    expect(r.code).toBe(0);
    for (const label of ['total return', 'CAGR', 'volatility', 'Sharpe', 'Sortino', 'max drawdown', 'Calmar', 'trades', 'win rate', 'profit factor', 'average trade', 'exposure', 'fees paid', 'turnover', 'event-log hash']) {
      expect(r.stdout).toContain(label);
    }
    expect(r.stdout).toMatch(/event-log hash\s+[0-9a-f]{64}/);
  });
});
