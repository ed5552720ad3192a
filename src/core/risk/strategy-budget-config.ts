import { z } from 'zod';

/** Limits of one strategy (a member of a composite, or the whole strategy). All optional: absent = no limit. */
export const strategyBudgetSchema = z
  .object({
    /** Largest value of the strategy's own positions plus its open buys, as a fraction of account equity (0-1]. */
    maxExposure: z.number().gt(0, 'must be above 0').lte(1, 'must be at most 1 (a fraction of equity)').optional(),
    /** Loss since the start of the UTC day, as a fraction of equity, after which its buys stop until the next day (0-1]. */
    maxDailyLoss: z.number().gt(0, 'must be above 0').lte(1, 'must be at most 1 (a fraction of equity)').optional(),
    /** Most orders (any side) it may place in any rolling hour. */
    maxOrdersPerHour: z.number().int('must be a whole number').positive('must be at least 1').max(100_000).optional(),
  })
  .strict();

export type StrategyBudget = z.infer<typeof strategyBudgetSchema>;

/** `default` applies to every strategy id; `strategies[id]` overrides it field by field. */
export const strategyBudgetsSchema = z
  .object({
    default: strategyBudgetSchema.default({}),
    strategies: z.record(z.string().min(1), strategyBudgetSchema).default({}),
  })
  .strict();

export type StrategyBudgets = z.infer<typeof strategyBudgetsSchema>;

/** Parses per-strategy budgets; the error names each bad field. */
export function parseStrategyBudgets(input: unknown): StrategyBudgets {
  const r = strategyBudgetsSchema.safeParse(input ?? {});
  if (!r.success) {
    const detail = r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new RangeError(`invalid strategy budgets: ${detail}`);
  }
  return r.data;
}

/** The budget in force for a strategy id: its own fields over the defaults. */
export function budgetFor(b: StrategyBudgets, id: string): StrategyBudget {
  return { ...b.default, ...(b.strategies[id] ?? {}) };
}
