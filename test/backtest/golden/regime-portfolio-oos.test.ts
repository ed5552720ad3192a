import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureStore, MarketStore } from '../../../src/backtest/store/index.ts';
import { DEFAULT_SPEC, evaluateRegimePortfolio, type Evaluation } from '../../../src/research/evaluate/evaluate.ts';
import { evaluationMarkdown } from '../../../src/research/evaluate/format.ts';

/**
 * The out-of-sample twin of the regime-portfolio golden run: the same pairs, timeframe and
 * range, but walk-forward (parameters chosen on each embargoed training window, scored on the
 * next) with the controls. docs/strategies.md shows this table. To accept an intended change:
 * UPDATE_GOLDEN=1 npx vitest run test/backtest/golden/regime-portfolio-oos.test.ts
 */
const EXPECTED = join(import.meta.dirname, 'regime-portfolio-oos.expected.json');
const SPEC = { ...DEFAULT_SPEC, pairs: ['BTC/USD', 'ETH/USD', 'SOL/USD', 'XRP/USD', 'ADA/USD'], timeframe: '1d', from: '2018-01-01', to: '2023-12-31' };

let dir: string;
let e: Evaluation;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'golden-oos-'));
  const storePath = join(dir, 'market.duckdb');
  await ensureStore(storePath, { progressBar: false });
  const store = await MarketStore.open(storePath);
  try {
    e = await evaluateRegimePortfolio(store, SPEC);
  } finally {
    store.close();
  }
}, 120_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('regime-portfolio out of sample (walk-forward twin of the golden run)', () => {
  it('matches the checked-in evaluation', () => {
    const actual = { summary: e.summary, folds: e.folds.map((f) => ({ fold: f.fold, train: f.train.map((t) => new Date(t).toISOString()), test: f.test.map((t) => new Date(t).toISOString()), chosen: f.chosen, trainSharpe: f.trainSharpe })), markdown: evaluationMarkdown(e) };
    if (process.env.UPDATE_GOLDEN) writeFileSync(EXPECTED, JSON.stringify(actual, null, 2) + '\n');
    expect(actual).toEqual(JSON.parse(readFileSync(EXPECTED, 'utf8')));
  });

  it('test windows never overlap their training window or its embargo, and tile the end of the range', () => {
    for (const f of e.folds) expect(f.test[0] - f.train[1]).toBe(SPEC.embargoDays * 86_400_000);
    for (let i = 1; i < e.folds.length; i++) expect(e.folds[i].test[0]).toBe(e.folds[i - 1].test[1]);
    expect(e.folds.at(-1)!.test[1]).toBe(Date.UTC(2024, 0, 1));
  });

  it('scores the portfolio next to buy-and-hold, the no-skill constant allocation at the same exposure, and each member alone', () => {
    expect(e.summary.map((s) => s.subject)).toEqual(['regime-portfolio', 'buy-and-hold', 'constant-allocation', 'alone:trend-follower', 'alone:volatility-swing', 'alone:mean-reversion', 'alone:stable-allocator', 'alone:recovery']);
    for (const f of e.folds) {
      const p = f.scores['regime-portfolio'].exposure!;
      expect(Math.abs(f.scores['constant-allocation'].exposure! - p)).toBeLessThan(0.05); // exposure-matched
      expect(f.scores['buy-and-hold'].exposure!).toBeGreaterThan(0.9);
    }
  });
});
