#!/usr/bin/env node
/**
 * `npm run analyze -- lookahead|recursive`: bias checks for a strategy (see docs/research.md).
 * Exit status 1 when the strategy is flagged, 2 on bad input, 0 when it passes.
 */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { DEFAULT_STORE_PATH } from '../../backtest/store/index.ts';
import { checkLookahead } from '../bias/lookahead.ts';
import { checkRecursive } from '../bias/recursive.ts';
import { openMarket } from '../data/market.ts';
import type { BacktestInput } from '../runs/backtest.ts';

async function main(argv: string[]): Promise<void> {
  const common = (y: ReturnType<typeof yargs>) =>
    y
      .option('strategy', { type: 'string', default: 'sma-cross', describe: 'built-in strategy name or path to a .ts strategy file' })
      .option('param', { type: 'string', array: true, default: [], describe: 'strategy parameter name=value (repeatable)' })
      .option('pairs', { type: 'string', default: 'BTC/USD' })
      .option('timeframe', { type: 'string', default: '4h' })
      .option('from', { type: 'string', default: '2019-01-01' })
      .option('to', { type: 'string', default: '2022-12-31' })
      .option('store', { type: 'string', default: DEFAULT_STORE_PATH })
      .option('json', { type: 'boolean', default: false });
  const args = await yargs(argv)
    .scriptName('npm run analyze --')
    .command('lookahead', 'does the strategy use data from the future? (runs on truncated data and compares its decisions)', (y) =>
      common(y).option('cuts', { type: 'number', default: 4, describe: 'truncation points' }))
    .command('recursive', 'do its indicators depend on how much history they started with? (runs from several start dates)', (y) =>
      common(y).option('warmup', { type: 'number', default: 200, describe: 'candles of history the strategy needs (its longest lookback)' }))
    .demandCommand(1, 'name a check: lookahead or recursive')
    .strict()
    .fail((msg, err) => {
      throw err ?? new Error(msg);
    })
    .help()
    .parseAsync();
  const check = String(args._[0]);
  const params: Record<string, string> = {};
  for (const item of (args.param as unknown[]).map(String)) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new Error(`--param "${item}" must look like name=value`);
    params[item.slice(0, eq)] = item.slice(eq + 1);
  }
  const input: BacktestInput = { strategy: args.strategy as string, params, pairs: String(args.pairs).split(','), timeframe: args.timeframe as string, from: args.from as string, to: args.to as string };
  const store = await openMarket(args.store as string);
  try {
    const report = check === 'lookahead'
      ? await checkLookahead(store, input, { cuts: args.cuts as number })
      : await checkRecursive(store, input, { warmup: args.warmup as number });
    process.stdout.write(args.json ? `${JSON.stringify(report)}\n` : `${report.summary}\n`);
    if (report.flagged) process.exitCode = 1;
  } finally {
    store.close();
  }
}

main(hideBin(process.argv)).catch((e: unknown) => {
  const msg = e instanceof Error ? e.message : String(e);
  process.stderr.write(`error: ${msg.split('\n')[0]}\n`);
  process.exitCode = 2;
});
