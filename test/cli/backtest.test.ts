import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureStore } from '../../src/backtest/store/index.ts';
import { krakenbt, ROOT } from './run-krakenbt.ts';

let dir: string;
let store: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'krakenbt-cli-'));
  store = join(dir, 'market.duckdb');
  await ensureStore(store, { progressBar: false });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('krakenbt backtest', () => {
  it('--json prints one JSON object on stdout, with buy-and-hold of the same pairs and range beside it', async () => {
    const out = join(dir, 'out-json');
    const r = await krakenbt(['backtest', '--store', store, '--out', out, '--json']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const s = JSON.parse(lines[0]);
    // The documented default: the 50/200-day crossover on BTC/USD daily candles, 2018-2022.
    expect([s.strategy, s.params, s.pairs, s.timeframe, s.from, s.to]).toEqual(['sma-cross', 'fast=50 slow=200', 'BTC/USD', '1d', '2018-01-01T00:00:00.000Z', '2023-01-01T00:00:00.000Z']);
    expect(s.benchmark.strategy).toBe('buy-and-hold');
    expect([s.benchmark.pairs, s.benchmark.from, s.benchmark.to, s.benchmark.initialCash]).toEqual([s.pairs, s.from, s.to, s.initialCash]);
    expect(s.benchmark.hash).not.toBe(s.hash);
    expect(s.benchmark.fills).toBe(1);
    const html = readFileSync(s.report, 'utf8');
    expect(html).toContain(s.hash);
    expect(html).toContain('data-testid="trades-table"');
    expect(html).toContain('"benchmark":[');
  });

  it('the text summary shows every metric of the run and of buy-and-hold side by side', async () => {
    const r = await krakenbt(['backtest', '--store', store, '--no-report', '--no-save']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/strategy\s+sma-cross fast=50 slow=200\s+buy-and-hold/);
    expect(r.stdout).toMatch(/total return\s+-?[\d.]+%\s+-?[\d.]+%/);
    expect(r.stdout).toMatch(/event-log hash\s+[0-9a-f]{64}\n\s+[0-9a-f]{64} \(buy-and-hold\)/);
    expect(r.stdout).toContain('benchmark: buy-and-hold of the same pairs over the same range');
  });

  it('the bundle (dist/) and the TypeScript sources (KRAKENBT_FROM_SOURCE=1) give the same run', async () => {
    const args = ['backtest', '--store', store, '--json', '--no-report', '--no-save', '--from', '2021-01-01', '--to', '2021-12-31', '--pairs', 'BTC/USD,ETH/USD'];
    const bundled = await krakenbt(args);
    const source = await krakenbt(args, { env: { KRAKENBT_FROM_SOURCE: '1' } });
    expect(bundled.code, bundled.stderr).toBe(0);
    expect(source.code, source.stderr).toBe(0);
    expect(JSON.parse(source.stdout)).toEqual(JSON.parse(bundled.stdout));
  });

  it('npm run --silent backtest -- --json is clean JSON too', async () => {
    const { stdout } = await promisify(execFile)('npm', ['run', '--silent', 'backtest', '--', '--store', store, '--json', '--no-report', '--no-save', '--from', '2020-01-01', '--to', '2020-12-31'], { cwd: ROOT, encoding: 'utf8' });
    expect(JSON.parse(stdout).candles).toBe(366);
  });
});

describe('krakenbt errors: one line naming the problem, exit 2, no stack unless --verbose', () => {
  const oneLine = (stderr: string) => {
    const lines = stderr.trim().split('\n');
    expect(lines, stderr).toHaveLength(1);
    return lines[0];
  };

  it('a strategy file with a syntax error gives file:line:col and the message', async () => {
    const file = join(dir, 'broken.ts');
    writeFileSync(file, 'export default () => ({\n  name: "broken",\n  onCandle(ctx, bar) { const = 3; },\n});\n');
    const r = await krakenbt(['backtest', '--store', store, '--strategy', file, '--no-report', '--no-save']);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toBe(`error: strategy file ${file}:3:30: Expected identifier but found "="`);
    expect(r.stdout).toBe('');
  });

  it('a strategy file that throws while loading is named, with its message', async () => {
    const file = join(dir, 'throws.ts');
    writeFileSync(file, 'throw new Error("no keys configured");\nexport default 1;\n');
    const r = await krakenbt(['backtest', '--store', store, '--strategy', file, '--no-report', '--no-save']);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toBe(`error: strategy file ${file}: no keys configured`);
  });

  it('--out /dev/null/x fails before the run with one line', async () => {
    const r = await krakenbt(['backtest', '--store', store, '--out', '/dev/null/x', '--no-save']);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toBe('error: --out /dev/null/x: cannot create the report directory: ENOTDIR (mkdir)');
  });

  it('a report that cannot be written (its path is a directory) is one line, not a stack', async () => {
    const out = join(dir, 'out-blocked');
    const first = JSON.parse((await krakenbt(['backtest', '--store', store, '--json', '--no-report', '--no-save', '--from', '2019-01-01', '--to', '2019-12-31'])).stdout);
    mkdirSync(join(out, `${first.runId}.html`), { recursive: true });
    const r = await krakenbt(['backtest', '--store', store, '--out', out, '--no-save', '--from', '2019-01-01', '--to', '2019-12-31']);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toBe(`error: cannot write the report ${join(out, `${first.runId}.html`)}: EISDIR (open)`);
  });

  it('--verbose adds the stack trace', async () => {
    const r = await krakenbt(['backtest', '--store', store, '--from', '2022-13-45', '--verbose']);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines[0]).toBe('error: --from: "2022-13-45" is not a real calendar date');
    expect(lines.length).toBeGreaterThan(2);
    expect(r.stderr).toMatch(/\n\s+at /);
  });

  it.each([
    ['no command', [], 'error: no command given; try krakenbt --help'],
    ['an unknown command', ['frobnicate'], 'error: Unknown argument: frobnicate'],
    ['an unknown pair', ['backtest', '--pairs', 'FOO/USD', '--no-report', '--no-save'], /^error: unknown pair "FOO\/USD"; pairs with kraken data: ADA\/USD, BTC\/USD/],
    ['a bad parameter of the default strategy', ['backtest', '--param', 'fast=abc', '--no-report', '--no-save'], /^error: sma-cross: fast must be a whole number, got "abc"/],
    ['an unknown flag', ['backtest', '--colour', 'red'], 'error: Unknown argument: colour'],
  ] as [string, string[], string | RegExp][])('%s', async (_name, args, message) => {
    const r = await krakenbt(args.length && args[0] === 'backtest' ? [...args, '--store', store] : args);
    expect(r.code).toBe(2);
    const line = oneLine(r.stderr);
    if (typeof message === 'string') expect(line).toBe(message);
    else expect(line).toMatch(message);
  });
});
