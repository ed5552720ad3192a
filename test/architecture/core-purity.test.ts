import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/** The lint rule that keeps src/core pure (DESIGN.md) must actually fire. */
const eslint = new ESLint({ cwd: resolve(import.meta.dirname, '../..') });

async function problems(code: string, file = 'src/core/kernel/probe.ts'): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(import.meta.dirname, '../..', file) });
  return result.messages.filter((m) => m.ruleId?.startsWith('no-restricted')).map((m) => m.message);
}

describe('src/core purity lint rule', () => {
  const bad: [string, string, RegExp][] = [
    ['reads the wall clock with Date.now()', 'export const t = Date.now();', /wall clock/],
    ['reads the wall clock with new Date()', 'export const t = new Date();', /wall clock/],
    ['reads performance.now()', 'export const t = performance.now();', /wall clock/],
    ['uses an unseeded random source', 'export const r = Math.random();', /seeded random/],
    ['imports the file system', "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;", /pure/],
    ['imports the network', "import { request } from 'undici';\nexport const f = request;", /pure/],
    ['imports DuckDB', "import { DuckDBInstance } from '@duckdb/node-api';\nexport const d = DuckDBInstance;", /DuckDB/],
    ['imports from src/backtest', "import { runBacktest } from '../../backtest/run/run-backtest.ts';\nexport const r = runBacktest;", /layers above/],
    ['imports from src/live', "import { x } from '../../live/kraken/rest/index.ts';\nexport const y = x;", /layers above/],
    ['sets a wall-clock timer', 'setTimeout(() => {}, 1);', /timers/],
  ];
  it.each(bad)('fails when src/core %s', async (_name, code, message) => {
    const found = await problems(code);
    expect(found.length).toBeGreaterThan(0);
    expect(found.join('\n')).toMatch(message);
  });

  it('accepts pure code, and the same calls outside src/core', async () => {
    expect(await problems('export const add = (a: number, b: number) => a + b;')).toEqual([]);
    expect(await problems('export const t = Date.now();', 'src/backtest/run/probe.ts')).toEqual([]);
  });

  it('keeps src/backtest and src/live apart', async () => {
    expect((await problems("import { x } from '../live/kraken/rest/index.ts';\nexport const y = x;", 'src/backtest/probe.ts')).join()).toMatch(/only from src\/core/);
    expect((await problems("import { x } from '../backtest/cli.ts';\nexport const y = x;", 'src/live/probe.ts')).join()).toMatch(/only from src\/core/);
  });
});
