import type { CommandModule } from 'yargs';
import { ensureStore, MarketStore } from '../../backtest/store/index.ts';
import { parseParamSpace } from '../../research/sweep/param-space.ts';
import { DEFAULT_SPEC, evaluateRegimePortfolio, type EvaluateSpec } from '../../research/evaluate/evaluate.ts';
import { evaluationMarkdown } from '../../research/evaluate/format.ts';
import { CliError } from '../cli-error.ts';
import { defaultStorePath } from '../store-path.ts';

interface EvaluateArgs {
  pairs: string;
  timeframe: string;
  from: string;
  to: string;
  folds: number;
  'train-ratio': number;
  'embargo-days': number;
  'warmup-days': number;
  grid: string[];
  param: string[];
  store: string;
  json: boolean;
}

/** A flag given twice counts once, the last time (yargs would make it an array). */
const last = <T>(v: T | T[]): T => (Array.isArray(v) ? (v.at(-1) as T) : v);

/** Builds the evaluation spec from the flags; every bad value is a CliError naming the flag. */
export function evaluateSpecOf(a: EvaluateArgs): EvaluateSpec {
  const pairs = a.pairs.split(',').map((p) => p.trim()).filter(Boolean);
  if (pairs.length === 0) throw new CliError('--pairs: give at least one pair, e.g. BTC/USD,ETH/USD');
  const whole = (flag: string, v: number, min: number) => {
    if (!Number.isInteger(v) || v < min) throw new CliError(`--${flag} must be a whole number >= ${min}, got ${v}`);
    return v;
  };
  if (!(a['train-ratio'] > 0)) throw new CliError(`--train-ratio must be above 0, got ${a['train-ratio']}`);
  let grid;
  try {
    grid = a.grid.length ? parseParamSpace(a.grid) : DEFAULT_SPEC.grid;
  } catch (e) {
    throw new CliError(`--grid: ${(e as Error).message}`);
  }
  const params: Record<string, string> = {};
  for (const item of a.param) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new CliError(`--param "${item}" must look like name=value`);
    params[item.slice(0, eq).trim()] = item.slice(eq + 1).trim();
  }
  return {
    ...DEFAULT_SPEC,
    pairs,
    timeframe: a.timeframe,
    from: a.from,
    to: a.to,
    folds: whole('folds', a.folds, 1),
    trainRatio: a['train-ratio'],
    embargoDays: whole('embargo-days', a['embargo-days'], 0),
    warmupDays: whole('warmup-days', a['warmup-days'], 0),
    grid,
    params,
  };
}

/**
 * `krakenbt evaluate`: walk-forward evidence for regime-portfolio (parameters chosen on each
 * embargoed training window, scored on the next) next to buy-and-hold, the no-skill constant
 * allocation and each member alone on the same windows. Markdown to stdout (--json: the data).
 */
export const evaluateCommand: CommandModule<object, EvaluateArgs> = {
  command: 'evaluate',
  describe: 'walk-forward out-of-sample evaluation of regime-portfolio against controls',
  builder: (y) =>
    y
      .option('pairs', { type: 'string', coerce: last, default: 'BTC/USD,ETH/USD,SOL/USD,XRP/USD,ADA/USD', describe: 'comma-separated pairs (a pair joins a window only if it has candles in it)' })
      .option('timeframe', { type: 'string', coerce: last, default: '1d', describe: 'candle interval (1h, 1d, ...)' })
      .option('from', { type: 'string', coerce: last, default: '2018-01-01', describe: 'first UTC date of the data (the first warm-up starts here)' })
      .option('to', { type: 'string', coerce: last, default: '2023-12-31', describe: 'last UTC date (inclusive)' })
      .option('folds', { type: 'number', coerce: last, default: DEFAULT_SPEC.folds, describe: 'walk-forward test windows' })
      .option('train-ratio', { type: 'number', coerce: last, default: DEFAULT_SPEC.trainRatio, describe: 'training window length / test window length' })
      .option('embargo-days', { type: 'number', coerce: last, default: DEFAULT_SPEC.embargoDays, describe: 'days dropped between each training and test window' })
      .option('warmup-days', { type: 'number', coerce: last, default: DEFAULT_SPEC.warmupDays, describe: 'days before each window that warm indicators and the regime up without trading' })
      .option('grid', { type: 'string', array: true, default: [] as string[], describe: 'parameters to choose on each training window: name=v1,v2 or name=start:stop:step (repeatable; default minDwell=5,10,20 confirm=2,3)' })
      .option('param', { type: 'string', array: true, default: [] as string[], describe: 'fixed regime-portfolio parameter name=value for every run (repeatable)' })
      .option('store', { type: 'string', coerce: last, default: defaultStorePath(), describe: 'DuckDB market store file (built from the bundled data on first use)' })
      .option('json', { type: 'boolean', default: false, describe: 'print the evaluation as JSON' }) as never,
  handler: async (args) => {
    const spec = evaluateSpecOf(args);
    await ensureStore(args.store, { progressBar: false });
    const store = await MarketStore.open(args.store);
    try {
      const e = await evaluateRegimePortfolio(store, spec, (m) => process.stderr.write(`${m}\n`)).catch((err: unknown) => {
        throw new CliError((err as Error).message);
      });
      process.stdout.write(args.json ? `${JSON.stringify(e, null, 2)}\n` : evaluationMarkdown(e));
    } finally {
      store.close();
    }
  },
};
