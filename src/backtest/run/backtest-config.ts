import { z } from 'zod';
import { isFeeFraction, isPositiveDecimal } from '../../core/decimal/rates.ts';

/**
 * Everything that defines a backtest. The CLI builds it from flags and an optional JSON
 * config file (flags win); it is stored with the run so a result can always be traced back.
 */
export const backtestConfigSchema = z
  .object({
    strategy: z.string().min(1).default('sma-cross'),
    params: z.record(z.string(), z.string()).default({}),
    pairs: z.array(z.string().min(1)).min(1).default(['BTC/USD']),
    exchange: z.string().default('kraken'),
    timeframe: z.string().default('1h'),
    from: z.string().default('2018-01-01'),
    to: z.string().default('2022-12-31'),
    cash: z.string().default('10000').refine((v) => isPositiveDecimal(v), 'must be a positive decimal amount'),
    makerFee: z.string().default('0.0016').refine(isFeeFraction, 'must be a fee rate as a fraction in [0, 0.1), e.g. 0.0016 for 0.16%'),
    takerFee: z.string().default('0.0026').refine(isFeeFraction, 'must be a fee rate as a fraction in [0, 0.1), e.g. 0.0026 for 0.26%'),
    slippageBps: z.number().min(0).max(1000).default(0),
    slippageModel: z.enum(['fixed', 'random']).default('fixed'),
    latencyMs: z.number().int().min(0).default(0),
    volumeShare: z.number().gt(0).lte(1).nullable().default(0.1),
    touchRule: z.enum(['touch', 'through']).default('touch'),
    seed: z.number().int().default(1),
    risk: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();

export type BacktestConfig = z.infer<typeof backtestConfigSchema>;

/** Validates a config, with one line per problem naming the field. */
export function parseBacktestConfig(input: unknown): BacktestConfig {
  const r = backtestConfigSchema.safeParse(input);
  if (!r.success) {
    throw new Error(`invalid backtest config: ${r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
  }
  return r.data;
}
