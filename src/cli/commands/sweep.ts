/**
 * `krakenbt sweep` (also `npm run sweep`): grid or random search over a strategy's parameters,
 * optionally walk-forward, with results stored in DuckDB (resumable: the same command skips
 * finished jobs). Jobs run on this machine's cores, or with `--queue redis://host:port` on
 * `krakenbt worker` processes on any number of machines: same command, same results, same hash.
 */
import { availableParallelism } from 'node:os';
import type { Argv, CommandModule } from 'yargs';
import { defaultStorePath } from '../store-path.ts';

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
    .option('objective', { choices: OBJECTIVES, default: 'sharpe' as (typeof OBJECTIVES)[number], describe: 'what "best" means (higher is better)' })
    .option('workers', { type: 'number', default: availableParallelism(), describe: 'worker threads (0 = run in this thread); results do not depend on it' })
    .option('queue', { type: 'string', describe: 'run the jobs on `krakenbt worker` processes through this Redis (redis://host:port[/db]) instead of local threads' })
    .option('store', { type: 'string', default: defaultStorePath(), defaultDescription: '$KRAKENBT_STORE or ./data/store/market.duckdb', describe: 'DuckDB file with the candles; results go to its sweeps / sweep_results tables' })
    .option('save', { type: 'boolean', default: true, describe: 'store results and resume from stored ones (--no-save: neither)' })
    .option('top', { type: 'number', default: 10, describe: 'rows of the ranking to print' })
    .option('json', { type: 'boolean', default: false, describe: 'print every result as JSON lines instead of tables' });
}

export type SweepArgs = Awaited<ReturnType<ReturnType<typeof options>['parseAsync']>>;

export const sweepCommand: CommandModule<object, SweepArgs> = {
  command: 'sweep',
  describe: 'parameter sweep or walk-forward, on local cores or on workers through Redis (--queue)',
  builder: (y) => options(y) as unknown as Argv<SweepArgs>,
  handler: async (args) => {
    const { sweep } = await import('../sweep/run-sweep-command.ts');
    await sweep(args);
  },
};

