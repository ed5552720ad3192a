import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import yargs from 'yargs';
import { CliError } from '../../../src/cli/cli-error.ts';
import { evaluateCommand } from '../../../src/cli/evaluate/evaluate-command.ts';

let dir: string;
let store: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cli-evaluate-'));
  store = join(dir, 'market.duckdb');
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function run(args: string[]): Promise<{ out: string; err: string }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  try {
    await yargs([]).command(evaluateCommand).strict().fail((msg, error) => {
      throw error ?? new Error(msg);
    }).parseAsync(['evaluate', '--store', store, ...args]);
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
  return { out, err };
}

const SMALL = ['--pairs', 'BTC/USD,ETH/USD', '--timeframe', '1d', '--from', '2019-01-01', '--to', '2021-12-31', '--folds', '2', '--grid', 'minDwell=5,10'];

describe('krakenbt evaluate', () => {
  it('prints the out-of-sample table with the controls (Markdown), progress on stderr', async () => {
    const { out, err } = await run(SMALL);
    expect(out).toMatch(/\| regime-portfolio \| -?\d/);
    for (const row of ['buy-and-hold', 'constant allocation (no skill)', 'trend-follower alone', 'recovery alone']) expect(out).toContain(`| ${row} |`);
    expect(out).toMatch(/\| 2 \| \d{4}-\d\d-\d\d\.\.\d{4}-\d\d-\d\d \|/);
    expect(err).toMatch(/fold 1\/2: training 2 parameter sets/);
  }, 120_000);

  it('--json gives the data: folds with the chosen parameters and every subject scored', async () => {
    const { out } = await run([...SMALL, '--json']);
    const e = JSON.parse(out);
    expect(e.folds).toHaveLength(2);
    for (const f of e.folds) {
      expect(['5', '10']).toContain(f.chosen.minDwell);
      expect(Object.keys(f.scores)).toHaveLength(8);
      expect(f.test[0]).toBeGreaterThan(f.train[1]); // embargoed
    }
  }, 120_000);

  it.each([
    [['--folds', '0'], /--folds must be a whole number >= 1/],
    [['--train-ratio', '-1'], /--train-ratio must be above 0/],
    [['--grid', 'minDwell'], /--grid: parameter "minDwell" must look like/],
    [['--param', 'oops'], /--param "oops" must look like name=value/],
    [['--pairs', ' , '], /--pairs: give at least one pair/],
    [['--from', '2021-01-01', '--to', '2020-01-01'], /not before|warm-up leaves nothing/],
    [['--param', 'nonsense=1'], /unknown parameter "nonsense"/],
  ])('bad input %j is a one-line CliError', async (extra, message) => {
    const err = await run([...SMALL, ...extra]).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(CliError);
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).not.toContain('\n');
  }, 120_000);
});
