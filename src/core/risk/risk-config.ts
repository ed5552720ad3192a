import { z } from 'zod';
import { parseFixed, type Fixed } from '../decimal/fixed.ts';

export type TradingMode = 'active' | 'reducing-only' | 'halted';

const decimalString = z
  .union([z.string(), z.number()])
  .transform((v, ctx) => {
    try {
      return parseFixed(String(v));
    } catch (e) {
      ctx.addIssue({ code: 'custom', message: (e as Error).message });
      return z.NEVER;
    }
  });

const fraction = z.number().gt(0, 'must be above 0').lte(1, 'must be at most 1 (a fraction, e.g. 0.2 for 20%)');

/** Hard limits on the order path. Everything optional is "no limit"; live real-money mode requires some (src/live checks). */
export const riskConfigSchema = z
  .object({
    /** Largest notional of one order, in the account currency. */
    maxOrderNotional: decimalString.refine((v) => v > 0n, 'must be a positive amount').optional(),
    /** Largest share of equity held in one pair after the order fills (0-1]. */
    maxPairShare: fraction.optional(),
    /** Trading halts when equity falls this fraction below its peak (0-1]. */
    maxDrawdown: fraction.optional(),
    /** Mode at start: active, reducing-only (sells only, long-only spot) or halted. */
    mode: z.enum(['active', 'reducing-only', 'halted']).default('active'),
  })
  .strict();

export interface RiskConfig {
  readonly maxOrderNotional?: Fixed;
  readonly maxPairShare?: number;
  readonly maxDrawdown?: number;
  readonly mode: TradingMode;
}

/** Parses and validates risk limits; the error names each bad field. */
export function parseRiskConfig(input: unknown): RiskConfig {
  const r = riskConfigSchema.safeParse(input ?? {});
  if (!r.success) {
    const detail = r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new Error(`invalid risk config: ${detail}`);
  }
  return r.data;
}
