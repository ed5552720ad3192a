import type { Argv, CommandModule } from 'yargs';
import { defaultStorePath } from '../store-path.ts';

/** `krakenbt runs list|show|compare|export`: past backtests from the DuckDB results tables. */

const common = (y: Argv) =>
  y
    .option('store', { type: 'string', default: defaultStorePath(), defaultDescription: '$KRAKENBT_STORE or ./data/store/market.duckdb', describe: 'DuckDB store holding the runs' })
    .option('json', { type: 'boolean', default: false, describe: 'print JSON on stdout' });

const actions = () => import('../runs/runs-actions.ts');

export const runsCommand: CommandModule<object, any> = {
  command: 'runs',
  describe: 'list, show, compare and export stored backtest runs',
  builder: (y) =>
    y
      .command({
        command: 'list',
        describe: 'stored runs, most recent first',
        builder: (c) => common(c).option('strategy', { type: 'string', describe: 'only runs of this strategy' }).option('limit', { type: 'number', describe: 'at most this many' }),
        handler: async (a) => (await actions()).runsList(a as any),
      })
      .command({
        command: 'show <run>',
        describe: 'one run: settings, metrics, counts, assumptions (a run id, a unique prefix, latest or latest~N)',
        builder: (c) => common(c).positional('run', { type: 'string', demandOption: true }),
        handler: async (a) => (await actions()).runsShow(a as any),
      })
      .command({
        command: 'compare <a> <b>',
        describe: 'two runs side by side, and the first fill where they differ',
        builder: (c) => common(c).positional('a', { type: 'string', demandOption: true }).positional('b', { type: 'string', demandOption: true }),
        handler: async (a) => (await actions()).runsCompare(a as any),
      })
      .command({
        command: 'export <run>',
        describe: 'write the run\'s trades and fills as CSV or Parquet files',
        builder: (c) =>
          common(c)
            .positional('run', { type: 'string', demandOption: true })
            .option('format', { choices: ['csv', 'parquet'] as const, default: 'csv' as const, describe: 'file format' })
            .option('out', { type: 'string', default: 'out', describe: 'directory for the files (<run>-trades.<fmt>, <run>-fills.<fmt>)' }),
        handler: async (a) => (await actions()).runsExport(a as any),
      })
      .demandCommand(1, 'runs needs an action: list, show, compare or export'),
  handler: () => {},
};
