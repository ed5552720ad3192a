import { z } from 'zod';
import { isFeeFraction, isPositiveDecimal } from '../decimal/rates.ts';
import { riskConfigSchema } from '../risk/risk-config.ts';
import { DEFAULT_DOWNTIME } from '../calendar/downtime-window.ts';

const [downtimeStart, downtimeEnd] = DEFAULT_DOWNTIME.split('-');

/**
 * Everything that defines a live (paper or real) session: the journal's header carries it, so
 * a replay builds the very same kernel. Pairs are canonical symbols (BTC/USD); decimals are
 * exact strings.
 */
export const sessionConfigSchema = z
  .object({
    mode: z.enum(['paper', 'real']),
    strategy: z.string().min(1),
    params: z.record(z.string(), z.string()).default({}),
    pairs: z.array(z.string().min(1)).min(1),
    timeframe: z.string().min(1),
    /** Paper: starting cash in the quote currency. Real: the venue's balances are deposited instead. */
    cash: z.string().refine((v) => isPositiveDecimal(v, true), 'must be a non-negative decimal amount').default('0'),
    makerFee: z.string().refine(isFeeFraction, 'must be a fee rate as a fraction, e.g. 0.0016').default('0.0016'),
    takerFee: z.string().refine(isFeeFraction, 'must be a fee rate as a fraction, e.g. 0.0026').default('0.0026'),
    slippageBps: z.number().min(0).max(1000).default(0),
    latencyMs: z.number().int().min(0).max(3_600_000).default(0),
    volumeShare: z.number().gt(0).lte(1).nullable().default(null),
    touchRule: z.enum(['touch', 'through']).default('touch'),
    seed: z.number().int().min(0).max(2 ** 53 - 1).default(1),
    /** Risk limits (src/core/risk/risk-config.ts), validated here so a bad limit stops the start before anything is written. */
    risk: z
      .record(z.string(), z.unknown())
      .default({})
      .superRefine((v, ctx) => {
        const r = riskConfigSchema.safeParse(v);
        if (!r.success) for (const i of r.error.issues) ctx.addIssue({ code: 'custom', path: i.path, message: i.message });
      }),
    /** Daily UTC window with no new orders (null: none). */
    downtime: z.object({ start: z.string(), end: z.string() }).strict().nullable().default({ start: downtimeStart, end: downtimeEnd }),
    /** Cancel-and-replace of resting limit orders left unfilled too long or too far from the market (null: off). */
    reposition: z
      .object({ maxAgeMs: z.number().int().positive().max(365 * 86_400_000).optional(), maxDistance: z.number().positive().lt(1).optional() })
      .strict()
      .nullable()
      .default(null),
    /** Prefix of every client order id of this session (unique per journal, so ids never repeat at the venue). */
    clientIdPrefix: z.string().regex(/^[A-Za-z0-9-]{1,10}$/, 'must be 1-10 letters, digits or dashes'),
  })
  .strict();

export type SessionConfig = z.infer<typeof sessionConfigSchema>;

/** Validates a session config; the error names each bad field. */
export function parseSessionConfig(input: unknown, where = 'session config'): SessionConfig {
  const r = sessionConfigSchema.safeParse(input);
  if (!r.success) throw new Error(`invalid ${where}: ${r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
  return r.data;
}
