import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { UnknownSymbolError } from '../../core/instruments/symbols.ts';
import type { BacktestConfig } from '../../backtest/run/backtest-config.ts';
import { writeRunReport } from '../../backtest/run/report-from-result.ts';
import { runBacktest, type BacktestResult } from '../../backtest/run/run-backtest.ts';
import { loadStrategyFactory } from '../../backtest/run/strategy-loader.ts';
import { formatSummary, summarize } from '../../backtest/run/summary.ts';
import { runIdOf, saveRun } from '../../backtest/results/save-run.ts';
import type { MarketStore } from '../../backtest/store/index.ts';
import { CliError } from '../cli-error.ts';
import { openStore } from '../open-store.ts';
import { configFromArgs, type BacktestArgs } from './config-from-args.ts';

export interface BacktestCommandArgs extends BacktestArgs {
  store: string;
  out: string;
  report: boolean;
  save: boolean;
  json: boolean;
  replay?: string;
  'models-dir'?: string;
}

const fsReason = (e: unknown) => {
  const err = e as NodeJS.ErrnoException;
  return err.code ? `${err.code}${err.syscall ? ` (${err.syscall})` : ''}` : (err.message ?? String(e)).split('\n')[0];
};

/** The benchmark: buy-and-hold of the same pairs, range, cash, fees and fill model; no risk limits. */
export function benchmarkConfig(config: BacktestConfig): BacktestConfig {
  return { ...config, strategy: 'buy-and-hold', params: {}, risk: {} };
}

async function run(config: BacktestConfig, store: MarketStore, collectPrices: boolean): Promise<BacktestResult> {
  try {
    return await runBacktest(config, store, { collectPrices });
  } catch (e) {
    if (e instanceof UnknownSymbolError) {
      const stored = [...new Set((await store.listSymbols()).filter((s) => s.exchange === config.exchange).map((s) => s.symbol))];
      throw new CliError(`unknown pair "${e.input}"; pairs with ${config.exchange} data: ${stored.join(', ')}`);
    }
    throw e;
  }
}

async function report(out: string, result: BacktestResult, benchmark: BacktestResult): Promise<string> {
  const path = join(out, `${runIdOf(result)}.html`);
  try {
    return await writeRunReport(path, result, benchmark);
  } catch (e) {
    throw new CliError(`cannot write the report ${resolve(path)}: ${fsReason(e)}`);
  }
}

/**
 * `krakenbt backtest`: validates everything cheap first (config, strategy file, parameters,
 * report directory), then opens (or builds) the store, runs the strategy and its buy-and-hold
 * benchmark, stores the run, writes the report, and prints the summary (JSON with --json).
 */
export async function backtestHandler(args: BacktestCommandArgs): Promise<void> {
  if (args.replay !== undefined) {
    const { formatReplay, replayJournal } = await import('../../backtest/replay/replay-journal.ts');
    const journal = args.replay;
    const replayed = await replayJournal(journal, {
      // The ML artifacts a journal names (its `model` entries) are loaded by hash before the strategy is built.
      beforeStrategy: async ({ entries }) => {
        if (!entries.some((e) => e.input.k === 'model')) return;
        const { registerJournalModels } = await import('../../research/ml/journal-models.ts');
        registerJournalModels(args['models-dir'] ?? 'data/models', entries, journal);
      },
    });
    process.stdout.write(args.json ? JSON.stringify(replayed) + '\n' : formatReplay(replayed) + '\n');
    return;
  }
  const config = configFromArgs(args);
  (await loadStrategyFactory(config.strategy)).create(config.params); // bad parameters fail before the store opens
  if (args.report) {
    try {
      await mkdir(args.out, { recursive: true });
    } catch (e) {
      throw new CliError(`--out ${args.out}: cannot create the report directory: ${fsReason(e)}`);
    }
  }

  const store = await openStore(args.store, { progressBar: !args.json && process.stderr.isTTY === true });
  let result: BacktestResult;
  let benchmark: BacktestResult;
  let saving: Promise<unknown> | undefined;
  let reportPath: string | null = null;
  try {
    result = await run(config, store, args.report);
    const isBenchmark = config.strategy === 'buy-and-hold' && Object.keys(config.params).length === 0 && Object.keys(config.risk).length === 0;
    benchmark = isBenchmark ? result : await run(benchmarkConfig(config), store, false);
    // The save and the checkpoint that folds it into the file (which closing would otherwise
    // do, synchronously) run in DuckDB's threads while this one renders and writes the report.
    if (args.save) {
      saving = saveRun(store, result).then(() => store.connection.run('CHECKPOINT'));
      saving.catch(() => undefined); // awaited (and its error thrown) in finally; not unhandled meanwhile
    }
    if (args.report) reportPath = await report(args.out, result, benchmark);
  } finally {
    try {
      await saving;
    } finally {
      store.close();
    }
  }
  if (args.json) {
    process.stdout.write(JSON.stringify({ ...summarize(result), runId: runIdOf(result), report: reportPath, store: args.save ? args.store : null, benchmark: summarize(benchmark) }) + '\n');
    return;
  }
  process.stdout.write(`${formatSummary(result, benchmark)}\n\n`);
  if (reportPath) process.stdout.write(`report: ${reportPath}\n`);
  if (args.save) process.stdout.write(`results stored in ${args.store} as run ${runIdOf(result)} (krakenbt runs show ${runIdOf(result)})\n`);
}
