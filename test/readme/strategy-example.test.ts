import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureStore } from '../../src/backtest/store/index.ts';
import strategy from '../../examples/my-strategy.ts';
import { krakenbt } from '../cli/run-krakenbt.ts';
import { codeBlocks, ROOT } from './readme.ts';

/** examples/my-strategy.ts is type-checked with the repo (tsconfig includes examples/); here: the README shows it verbatim and it runs. */
const FILE = join(ROOT, 'examples/my-strategy.ts');
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'readme-strategy-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("README's custom strategy example", () => {
  it('is examples/my-strategy.ts, verbatim', () => {
    const ts = codeBlocks().filter((b) => b.lang === 'ts');
    expect(ts.map((b) => b.body)).toContain(readFileSync(FILE, 'utf8'));
  });

  it('validates its parameter', () => {
    expect(() => strategy.create({ lookback: '1' })).toThrow(/lookback must be between 2 and 10000/);
    expect(() => strategy.create({ window: '5' })).toThrow(/unknown parameter "window"/);
  });

  it('runs as a backtest through krakenbt', async () => {
    const store = join(dir, 'market.duckdb');
    await ensureStore(store, { progressBar: false });
    const r = await krakenbt(['backtest', '--strategy', 'examples/my-strategy.ts', '--param', 'lookback=20', '--timeframe', '1d', '--store', store, '--json', '--no-report', '--no-save']);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.fills).toBeGreaterThan(4);
    expect(s.rejections).toBeNull();
    expect(s.benchmark.strategy).toBe('buy-and-hold');
  });
});
