import { parseBacktestConfig, type BacktestConfig } from '../../backtest/run/backtest-config.ts';
import { runBacktest, type BacktestResult, type CandleSource } from '../../backtest/run/run-backtest.ts';
import { runIdOf, saveRun } from '../../backtest/results/save-run.ts';
import type { MarketStore } from '../../backtest/store/index.ts';

/** A backtest config as a notebook writes it: any field of BacktestConfig, params as strings or numbers. */
export type BacktestInput = Partial<Omit<BacktestConfig, 'params'>> & { readonly params?: Readonly<Record<string, string | number>> };

export interface BacktestRun {
  readonly result: BacktestResult;
  /** The run id in the results tables when saved, else the id it would get. */
  readonly runId: string;
}

/** Builds and validates a config (defaults as the CLI's); errors name the field. */
export function backtestConfig(input: BacktestInput): BacktestConfig {
  const params = Object.fromEntries(Object.entries(input.params ?? {}).map(([k, v]) => [k, String(v)]));
  return parseBacktestConfig({ ...input, params });
}

/**
 * Runs one backtest on a candle source (the store or a snapshot). With `save`, the run goes
 * into the results tables of that store (runs, run_fills, run_lots, run_equity, ...).
 */
export async function backtest(source: CandleSource, input: BacktestInput, opts: { save?: MarketStore; collectPrices?: boolean } = {}): Promise<BacktestRun> {
  const result = await runBacktest(backtestConfig(input), source, { collectPrices: opts.collectPrices });
  const runId = opts.save ? await saveRun(opts.save, result) : runIdOf(result);
  return { result, runId };
}
