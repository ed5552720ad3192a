/**
 * `krakenbt sweep` (also `npm run sweep`): grid or random search over a strategy's parameters,
 * optionally walk-forward, with results stored in DuckDB (resumable: the same command skips
 * finished jobs). Jobs run on this machine's cores, or with `--queue redis://host:port` on
 * `krakenbt worker` processes on any number of machines: same command, same results, same hash.
 */
import cliProgress from 'cli-progress';
import type { Argv, CommandModule } from 'yargs';
import { DEFAULT_STORE_PATH } from '../../backtest/store/index.ts';
import { openMarket } from '../../research/data/market.ts';
import { queueExecutor, type QueueStatus } from '../../research/distributed/queue-executor.ts';
import { parseRedisUrl } from '../../research/distributed/redis-url.ts';
import { formatFolds, formatTop } from '../../research/sweep/format.ts';
import { parseParamSpace } from '../../research/sweep/param-space.ts';
import { defaultWorkers } from '../../research/sweep/pool.ts';
import { resultsHash } from '../../research/sweep/results-hash.ts';
import { runSweep, sweepIdOf, type SweepSpec } from '../../research/sweep/run-sweep.ts';
import { evaluateWalkForward, type Objective } from '../../research/sweep/walk-forward.ts';
import { backtestConfig } from '../../research/runs/backtest.ts';
import { CliError } from '../cli-error.ts';

const OBJECTIVES = ['sharpe', 'sortino', 'totalReturn', 'cagr', 'calmar'] as const;

function options(y: Argv) {
  return y
    .usage('$0 sweep --param fast=5:50:5 --param slow=20,40,80 [options]\n\nRuns a strategy once per parameter set (grid or random sample), in parallel, and ranks the results.')
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
    .option('queue', { type: 'string', describe: 'run the jobs on `krakenbt worker` processes through this Redis (redis://host:port[/db]) instead of local threads' })
    .option('store', { type: 'string', default: DEFAULT_STORE_PATH, describe: 'DuckDB file with the candles; results go to its sweeps / sweep_results tables' })
    .option('save', { type: 'boolean', default: true, describe: 'store results and resume from stored ones (--no-save: neither)' })
    .option('top', { type: 'number', default: 10, describe: 'rows of the ranking to print' })
    .option('json', { type: 'boolean', default: false, describe: 'print every result as JSON lines instead of tables' });
}

type SweepArgs = Awaited<ReturnType<ReturnType<typeof options>['parseAsync']>>;

export const sweepCommand: CommandModule<object, SweepArgs> = {
  command: 'sweep',
  describe: 'parameter sweep or walk-forward, on local cores or on workers through Redis (--queue)',
  builder: (y) => options(y) as unknown as Argv<SweepArgs>,
  handler: async (args) => {
    await sweep(args);
  },
};

async function sweep(args: SweepArgs): Promise<void> {
  const fixed: Record<string, string> = {};
  for (const item of args.fixed.map(String)) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new CliError(`--fixed "${item}" must look like name=value`);
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

  if (args.queue !== undefined) parseRedisUrl(args.queue);
  const store = await openMarket(args.store);
  const abort = new AbortController();
  const onSigint = () => abort.abort();
  process.once('SIGINT', onSigint);
  const tty = !args.json && process.stderr.isTTY;
  const bar = tty
    ? new cliProgress.SingleBar({
      stream: process.stderr, hideCursor: true,
      format: args.queue
        ? 'sweep {bar} {value}/{total} jobs | {percentage}% | eta {eta_formatted} | failed {failed} | running {running} | resumed {resumed}'
        : 'sweep {bar} {value}/{total} jobs | {percentage}% | eta {eta_formatted} | resumed {resumed}',
    }, cliProgress.Presets.shades_classic)
    : undefined;
  let started = false;
  const queueState = { failed: 0, running: 0 };
  try {
    const t0 = performance.now();
    const executor = args.queue === undefined ? undefined : queueExecutor({
      url: args.queue,
      sweepId: sweepIdOf(spec, backtestConfig(spec.base)),
      onStatus: (q: QueueStatus) => {
        queueState.failed = q.failed;
        queueState.running = q.running;
        if (!tty) process.stderr.write(`sweep: ${q.done}/${q.total} done, ${q.failed} failed, ${q.running} running${q.requeued ? `, ${q.requeued} re-queued` : ''}\n`);
      },
    });
    const out = await runSweep(store, spec, {
      workers: args.workers,
      store: args.save ? store : undefined,
      signal: abort.signal,
      executor,
      onProgress: (p) => {
        if (!bar) return;
        const payload = { resumed: p.resumed, ...queueState };
        if (!started) bar.start(p.total, p.done, payload);
        else bar.update(p.done, payload);
        started = true;
      },
    });
    bar?.stop();
    const seconds = (performance.now() - t0) / 1000;
    if (args.json) {
      for (const r of out.results) process.stdout.write(JSON.stringify(r, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v)) + '\n');
    } else {
      const where = args.queue ? `queue ${args.queue}` : `${args.workers} worker thread(s)`;
      process.stdout.write(`${out.sweepId}: ${out.results.length} results (${out.resumed} resumed from the store), ${out.skipped.length} parameter sets refused by the strategy, ${seconds.toFixed(1)} s on ${where}\n`);
      process.stdout.write(`results hash ${resultsHash(out.results)}\n`);
      for (const s of out.skipped.slice(0, 3)) process.stdout.write(`  refused ${JSON.stringify(s.params)}: ${s.reason}\n`);
      const failed = out.results.filter((r) => r.error !== null);
      if (failed.length > 0) process.stdout.write(`  ${failed.length} job(s) failed:\n${failed.map((r) => `    ${r.key}: ${r.error}`).join('\n')}\n`);
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
