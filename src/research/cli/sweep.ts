#!/usr/bin/env node
/**
 * `npm run sweep`: grid or random search over a strategy's parameters, optionally walk-forward,
 * on all cores, with results stored in DuckDB (resumable: the same command skips finished jobs).
 */
import cliProgress from 'cli-progress';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { DEFAULT_STORE_PATH } from '../../backtest/store/index.ts';
import { openMarket } from '../data/market.ts';
import { formatFolds, formatTop } from '../sweep/format.ts';
import { parseParamSpace } from '../sweep/param-space.ts';
import { defaultWorkers } from '../sweep/pool.ts';
import { runSweep, type SweepSpec } from '../sweep/run-sweep.ts';
import { evaluateWalkForward, type Objective } from '../sweep/walk-forward.ts';

const OBJECTIVES = ['sharpe', 'sortino', 'totalReturn', 'cagr', 'calmar'] as const;

async function main(argv: string[]): Promise<void> {
  const args = await yargs(argv)
    .scriptName('npm run sweep --')
    .usage('$0 --param fast=5:50:5 --param slow=20,40,80 [options]\n\nRuns a strategy once per parameter set (grid or random sample), in parallel, and ranks the results.')
    .option('strategy', { type: 'string', default: 'sma-cross', describe: 'built-in strategy name or path to a .ts strategy file' })
    .option('param', { type: 'string', array: true, demandOption: true, describe: 'swept parameter: name=v1,v2,... or name=start:stop[:step] (repeatable)' })
    .option('fixed', { type: 'string', array: true, default: [], describe: 'fixed strategy parameter name=value (repeatable)' })
    .option('pairs', { type: 'string', default: 'BTC/USD', describe: 'comma-separated pairs' })
    .option('timeframe', { type: 'string', default: '4h' })
    .option('from', { type: 'string', default: '2018-01-01', describe: 'UTC date (inclusive)' })
    .option('to', { type: 'string', default: '2022-12-31', describe: 'UTC date (that day included)' })
    .option('cash', { type: 'string', default: '10000' })
    .option('maker-fee', { type: 'string', describe: 'fraction, e.g. 0.0016' })
    .option('taker-fee', { type: 'string', describe: 'fraction, e.g. 0.0026' })
    .option('random', { type: 'number', describe: 'random search: this many distinct points of the grid instead of all of it' })
    .option('seed', { type: 'number', default: 1, describe: 'seed of the random search' })
    .option('folds', { type: 'number', describe: 'walk-forward: this many rolling train/test folds' })
    .option('train-ratio', { type: 'number', default: 3, describe: 'walk-forward: train window length / test window length' })
    .option('objective', { choices: OBJECTIVES, default: 'sharpe' as Objective, describe: 'what "best" means (higher is better)' })
    .option('workers', { type: 'number', default: defaultWorkers(), describe: 'worker threads (0 = run in this thread); results do not depend on it' })
    .option('store', { type: 'string', default: DEFAULT_STORE_PATH, describe: 'DuckDB file with the candles; results go to its sweeps / sweep_results tables' })
    .option('save', { type: 'boolean', default: true, describe: 'store results and resume from stored ones (--no-save: neither)' })
    .option('top', { type: 'number', default: 10, describe: 'rows of the ranking to print' })
    .option('json', { type: 'boolean', default: false, describe: 'print every result as JSON lines instead of tables' })
    .strict()
    .fail((msg, err) => {
      throw err ?? new Error(msg);
    })
    .help()
    .parseAsync();

  const fixed: Record<string, string> = {};
  for (const item of args.fixed.map(String)) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new Error(`--fixed "${item}" must look like name=value`);
    fixed[item.slice(0, eq)] = item.slice(eq + 1);
  }
  const spec: SweepSpec = {
    base: {
      strategy: args.strategy, pairs: args.pairs.split(',').map((p) => p.trim()).filter(Boolean), timeframe: args.timeframe, from: args.from, to: args.to, cash: args.cash, params: fixed,
      ...(args['maker-fee'] ? { makerFee: args['maker-fee'] } : {}), ...(args['taker-fee'] ? { takerFee: args['taker-fee'] } : {}),
    },
    space: parseParamSpace(args.param.map(String)),
    search: args.random !== undefined ? { kind: 'random', samples: args.random, seed: args.seed } : { kind: 'grid' },
    ...(args.folds !== undefined ? { walkForward: { folds: args.folds, trainRatio: args['train-ratio'] } } : {}),
  };

  const store = await openMarket(args.store);
  const abort = new AbortController();
  const onSigint = () => abort.abort();
  process.once('SIGINT', onSigint);
  const bar = !args.json && process.stderr.isTTY
    ? new cliProgress.SingleBar({ stream: process.stderr, format: 'sweep {bar} {value}/{total} jobs | {percentage}% | eta {eta_formatted} | resumed {resumed}', hideCursor: true }, cliProgress.Presets.shades_classic)
    : undefined;
  let started = false;
  try {
    const t0 = performance.now();
    const out = await runSweep(store, spec, {
      workers: args.workers,
      store: args.save ? store : undefined,
      signal: abort.signal,
      onProgress: (p) => {
        if (!bar) return;
        if (!started) bar.start(p.total, p.done, { resumed: p.resumed });
        else bar.update(p.done, { resumed: p.resumed });
        started = true;
      },
    });
    bar?.stop();
    const seconds = (performance.now() - t0) / 1000;
    if (args.json) {
      for (const r of out.results) process.stdout.write(JSON.stringify(r, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v)) + '\n');
    } else {
      process.stdout.write(`${out.sweepId}: ${out.results.length} results (${out.resumed} resumed from the store), ${out.skipped.length} parameter sets refused by the strategy, ${seconds.toFixed(1)} s on ${args.workers} worker(s)\n`);
      for (const s of out.skipped.slice(0, 3)) process.stdout.write(`  refused ${JSON.stringify(s.params)}: ${s.reason}\n`);
      const failed = out.results.filter((r) => r.error !== null);
      if (failed.length > 0) process.stdout.write(`  ${failed.length} runs failed, e.g. ${failed[0].key}: ${failed[0].error}\n`);
      process.stdout.write('\n');
      if (spec.walkForward) {
        const folds = evaluateWalkForward(out.results, args.objective);
        process.stdout.write(`${formatFolds(folds, args.objective)}\n`);
      } else {
        process.stdout.write(`${formatTop(out.results, args.objective, args.top)}\n`);
      }
      if (args.save) process.stdout.write(`\nresults stored in ${args.store}: SELECT * FROM sweep_results WHERE sweep_id = '${out.sweepId}'\n`);
    }
    if (!out.complete) {
      process.stderr.write(`interrupted: ${out.results.length} results stored; run the same command again to resume\n`);
      process.exitCode = 130;
    }
  } finally {
    bar?.stop();
    process.off('SIGINT', onSigint);
    store.close();
  }
}

main(hideBin(process.argv)).catch((e: unknown) => {
  const msg = e instanceof Error ? e.message : String(e);
  process.stderr.write(`error: ${msg.split('\n')[0]}\n`);
  process.exitCode = 2;
});
