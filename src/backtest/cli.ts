#!/usr/bin/env node
/**
 * `npm run backtest`: runs a strategy over stored candles and prints the summary, the run's
 * event-log hash, and where the HTML report and stored results are. Every bad input ends
 * the process with one line naming the problem and what is available, and exit code 2.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { parseFeeRate } from '../core/decimal/rates.ts';
import { UnknownSymbolError } from '../core/instruments/symbols.ts';
import { BUILTIN_STRATEGIES } from '../core/strategies/index.ts';
import { DEFAULT_STORE_PATH, ensureStore, MarketStore } from './store/index.ts';
import { parseBacktestConfig, type BacktestConfig } from './run/backtest-config.ts';
import { runBacktest, type BacktestResult } from './run/run-backtest.ts';
import { formatSummary, summarize } from './run/summary.ts';
import { writeRunReport } from './run/report-from-result.ts';
import { runIdOf, saveRun } from './results/save-run.ts';
import { formatReplay, replayJournal } from './replay/replay-journal.ts';

const strategyHelp = [...BUILTIN_STRATEGIES.values()]
  .map((f) => `  ${f.name}: ${f.description}${Object.keys(f.params).length ? ` Params: ${Object.entries(f.params).map(([k, p]) => `${k} (default ${p.default}) ${p.description}`).join('; ')}.` : ''}`)
  .join('\n');

function parseParams(list: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of list) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new Error(`--param "${item}" must look like name=value`);
    out[item.slice(0, eq).trim()] = item.slice(eq + 1).trim();
  }
  return out;
}

async function main(argv: string[]): Promise<void> {
  const args = await yargs(argv)
    .scriptName('npm run backtest --')
    .usage('$0 [options]\n\nRuns a strategy over the candle store (built from the bundled Kraken data on first use).')
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
    .option('store', { type: 'string', default: DEFAULT_STORE_PATH, describe: 'DuckDB market store file' })
    .option('out', { type: 'string', default: 'out', describe: 'directory for the HTML report' })
    .option('report', { type: 'boolean', default: true, describe: 'write the HTML report (--no-report to skip)' })
    .option('save', { type: 'boolean', default: true, describe: 'store the run (config, orders, fills, ledger, lots, equity) in DuckDB (--no-save to skip)' })
    .option('json', { type: 'boolean', default: false, describe: 'print the summary as one JSON object' })
    .option('replay', { type: 'string', describe: 'replay a live session journal (npm run live): config from its header, inputs from its entries; prints ledger and hash' })
    .epilogue(`Built-in strategies:\n${strategyHelp}\n\nFill assumptions: docs/fill-assumptions.md. Defaults: sma-cross on BTC/USD 1h, 2018-01-01..2022-12-31, 10000 USD.`)
    .strict()
    .fail((msg, err) => {
      throw err ?? new Error(msg);
    })
    .help()
    .parseAsync();

  if (args.replay !== undefined) {
    const replayed = await replayJournal(args.replay);
    process.stdout.write(args.json ? JSON.stringify(replayed) + '\n' : formatReplay(replayed) + '\n');
    return;
  }

  const fromFile: Record<string, unknown> = {};
  if (args.config) {
    let text: string;
    try {
      text = readFileSync(args.config, 'utf8');
    } catch {
      throw new Error(`--config: cannot read ${resolve(args.config)}`);
    }
    try {
      Object.assign(fromFile, JSON.parse(text));
    } catch (e) {
      throw new Error(`--config ${args.config}: not valid JSON (${(e as Error).message})`);
    }
  }
  const flags: Record<string, unknown> = {};
  if (args.strategy !== undefined) flags.strategy = args.strategy;
  if (args.pairs !== undefined) flags.pairs = args.pairs.split(',').map((p) => p.trim()).filter(Boolean);
  if (args.exchange !== undefined) flags.exchange = args.exchange;
  if (args.from !== undefined) flags.from = args.from;
  if (args.to !== undefined) flags.to = args.to;
  if (args.timeframe !== undefined) flags.timeframe = args.timeframe;
  if (args.cash !== undefined) flags.cash = args.cash;
  if (args['maker-fee'] !== undefined) flags.makerFee = parseFeeRate('--maker-fee', args['maker-fee']);
  if (args['taker-fee'] !== undefined) flags.takerFee = parseFeeRate('--taker-fee', args['taker-fee']);
  if (args.slippage !== undefined) flags.slippageBps = args.slippage;
  if (args['slippage-model'] !== undefined) flags.slippageModel = args['slippage-model'];
  if (args.latency !== undefined) flags.latencyMs = args.latency;
  if (args['volume-share'] !== undefined) flags.volumeShare = args['volume-share'] === 0 ? null : args['volume-share'];
  if (args.touch !== undefined) flags.touchRule = args.touch;
  if (args.seed !== undefined) flags.seed = args.seed;
  const params = { ...((fromFile.params as Record<string, string>) ?? {}), ...parseParams(args.param.map(String)) };
  const config: BacktestConfig = parseBacktestConfig({ ...fromFile, ...flags, params });

  await ensureStore(args.store, { progressBar: !args.json && process.stderr.isTTY });
  const store = await MarketStore.open(args.store);
  let result: BacktestResult;
  try {
    try {
      result = await runBacktest(config, store, { collectPrices: args.report });
    } catch (e) {
      if (e instanceof UnknownSymbolError) {
        const stored = [...new Set((await store.listSymbols()).filter((s) => s.exchange === config.exchange).map((s) => s.symbol))];
        throw new Error(`unknown pair "${e.input}"; pairs with ${config.exchange} data: ${stored.join(', ')}`);
      }
      throw e;
    }
    if (args.save) await saveRun(store, result);
  } finally {
    store.close();
  }
  let reportPath: string | undefined;
  if (args.report) reportPath = await writeRunReport(join(args.out, `${runIdOf(result)}.html`), result);
  if (args.json) {
    process.stdout.write(JSON.stringify({ ...summarize(result), runId: runIdOf(result), report: reportPath ?? null }) + '\n');
    return;
  }
  process.stdout.write(`${formatSummary(result)}\n\n`);
  if (reportPath) process.stdout.write(`report: ${reportPath}\n`);
  if (args.save) process.stdout.write(`results stored in ${args.store} as run ${runIdOf(result)}\n`);
}


main(hideBin(process.argv)).catch((e: unknown) => {
  const msg = e instanceof Error ? e.message : String(e);
  process.stderr.write(`error: ${msg.split('\n')[0]}\n`);
  process.exitCode = 2;
});
