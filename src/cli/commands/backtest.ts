import type { Argv, CommandModule } from 'yargs';
import { BUILTIN_STRATEGIES } from '../../core/strategies/index.ts';
import { DEFAULT_RUN_HELP } from '../backtest/defaults.ts';
import type { BacktestCommandArgs } from '../backtest/run-command.ts';
import { defaultStorePath } from '../store-path.ts';

function strategyHelp(): string {
  return [...BUILTIN_STRATEGIES.values()]
    .map((f) => {
      const params = Object.entries(f.params).map(([k, p]) => `${k} (default ${p.default}) ${p.description}`).join('; ');
      return `  ${f.name}: ${f.description}${params ? ` Params: ${params}.` : ''}`;
    })
    .join('\n');
}

function options(y: Argv): Argv<BacktestCommandArgs> {
  return y
    .usage('$0 backtest [options]\n\nRuns a strategy over the candle store (built from the bundled Kraken data on first use) and its buy-and-hold benchmark.')
    .option('strategy', { type: 'string', describe: 'built-in strategy name or path to your own .ts strategy file' })
    .option('param', { type: 'string', array: true, default: [], describe: 'strategy parameter name=value (repeatable), e.g. --param fast=10 --param slow=30' })
    .option('pairs', { type: 'string', describe: 'comma-separated pairs in any Kraken spelling (BTC/USD, XBT/USD, XXBTZUSD, XBTUSD)' })
    .option('exchange', { type: 'string', describe: 'exchange whose data to use (kraken; binance data is kept apart)' })
    .option('from', { type: 'string', describe: 'start, UTC date or datetime (inclusive)' })
    .option('to', { type: 'string', describe: 'end, UTC date (that whole day included) or datetime (exclusive)' })
    .option('timeframe', { type: 'string', describe: 'candle interval: 1m, 5m, 15m, 30m, 1h, 4h, 1d (coarser ones are resampled from stored finer candles)' })
    .option('cash', { type: 'string', describe: 'starting cash in the quote currency' })
    .option('maker-fee', { type: 'string', describe: 'maker fee rate, fraction or percent (Kraken starter: 0.16%)' })
    .option('taker-fee', { type: 'string', describe: 'taker fee rate, fraction or percent (Kraken starter: 0.26%)' })
    .option('slippage', { type: 'number', describe: 'slippage on taker fills, basis points' })
    .option('slippage-model', { choices: ['fixed', 'random'] as const, describe: 'fixed: always the given bps; random: uniform 0..bps from the seed' })
    .option('latency', { type: 'number', describe: 'order latency in ms (an order arriving after a candle opened waits for the next)' })
    .option('volume-share', { type: 'number', describe: 'max share of a candle volume one fill may take (0-1]; 0 = no cap' })
    .option('touch', { choices: ['touch', 'through'] as const, describe: 'limit fill rule: price touching the limit, or trading through it' })
    .option('seed', { type: 'number', describe: 'seed of the run random source (slippage/latency models)' })
    .option('config', { type: 'string', describe: 'JSON file with any of these settings (flags override it); may include "risk": {maxOrderNotional, maxPairShare, maxDrawdown}' })
    .option('store', { type: 'string', default: defaultStorePath(), defaultDescription: '$KRAKENBT_STORE or ./data/store/market.duckdb', describe: 'DuckDB market store file' })
    .option('out', { type: 'string', default: 'out', describe: 'directory for the HTML report' })
    .option('report', { type: 'boolean', default: true, describe: 'write the HTML report (--no-report to skip)' })
    .option('save', { type: 'boolean', default: true, describe: 'store the run (config, orders, fills, ledger, lots, equity, trades) in DuckDB (--no-save to skip)' })
    .option('json', { type: 'boolean', default: false, describe: 'print the summary (and the benchmark\'s) as one JSON object on stdout' })
    .option('replay', { type: 'string', describe: 'replay a live session journal (krakenbt live): config from its header, inputs from its entries; prints ledger and hash' })
    .option('models-dir', { type: 'string', default: 'data/models', describe: 'with --replay: where the ML artifacts the journal names are (each loaded by its journaled hash)' })
    .epilogue(`Built-in strategies:\n${strategyHelp()}\n\n${DEFAULT_RUN_HELP}\n\nFill assumptions: docs/fill-assumptions.md.`) as unknown as Argv<BacktestCommandArgs>;
}

export const backtestCommand: CommandModule<object, BacktestCommandArgs> = {
  command: 'backtest',
  describe: 'run a strategy over stored candles, beside buy-and-hold of the same pairs',
  builder: options as CommandModule<object, BacktestCommandArgs>['builder'],
  handler: async (args) => {
    const { backtestHandler } = await import('../backtest/run-command.ts');
    await backtestHandler(args);
  },
};
