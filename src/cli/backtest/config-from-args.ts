import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseFeeRate } from '../../core/decimal/rates.ts';
import { parseBacktestConfig, type BacktestConfig } from '../../backtest/run/backtest-config.ts';
import { CliError } from '../cli-error.ts';
import { DEFAULT_RUN } from './defaults.ts';

/** The backtest flags as yargs parses them (see commands/backtest.ts). */
export interface BacktestArgs {
  strategy?: string;
  param: (string | number)[];
  pairs?: string;
  exchange?: string;
  from?: string;
  to?: string;
  timeframe?: string;
  cash?: string;
  'maker-fee'?: string;
  'taker-fee'?: string;
  slippage?: number;
  'slippage-model'?: 'fixed' | 'random';
  latency?: number;
  'volume-share'?: number;
  touch?: 'touch' | 'through';
  seed?: number;
  config?: string;
}

export function parseParams(list: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of list) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new CliError(`--param "${item}" must look like name=value`);
    out[item.slice(0, eq).trim()] = item.slice(eq + 1).trim();
  }
  return out;
}

function readConfigFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new CliError(`--config: cannot read ${resolve(path)}`);
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('expected a JSON object');
    return parsed as Record<string, unknown>;
  } catch (e) {
    throw new CliError(`--config ${path}: not valid JSON (${(e as Error).message})`);
  }
}

/**
 * Builds the run's config: the command's defaults (DEFAULT_RUN), under the --config file,
 * under the flags. The default strategy's parameters apply only when the strategy itself is
 * the default one.
 */
export function configFromArgs(args: BacktestArgs): BacktestConfig {
  const fromFile = args.config ? readConfigFile(args.config) : {};
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
  const merged: Record<string, unknown> = { ...fromFile, ...flags };
  const { params: defaultParams, ...defaults } = DEFAULT_RUN;
  const strategy = (merged.strategy as string | undefined) ?? defaults.strategy;
  const baseParams = strategy === defaults.strategy && merged.strategy === undefined ? defaultParams : {};
  const params = { ...baseParams, ...((fromFile.params as Record<string, string>) ?? {}), ...parseParams(args.param.map(String)) };
  return parseBacktestConfig({ ...defaults, ...merged, strategy, params, pairs: merged.pairs ?? [...defaults.pairs] });
}
