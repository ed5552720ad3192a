import { toNumber } from '../../core/decimal/fixed.ts';
import type { PreTradeCheck } from '../../core/risk/pre-trade-check.ts';
import type { StrategyBudgetCheck } from '../../core/risk/strategy-budget-check.ts';
import { budgetFor } from '../../core/risk/strategy-budget-config.ts';
import type { CorrelationCheck, ExposureLimitsCheck } from '../../core/strategies/regime-portfolio/portfolio-checks.ts';
import type { LiveSession } from '../runner/live-session.ts';

/** One row of the Risk page: a rule's current value against its limit (null: unknown / no limit set). */
export interface RiskRule {
  readonly id: string;
  readonly name: string;
  readonly value: number | null;
  readonly limit: number | null;
  /** 'pct' (a fraction shown as %), 'ratio' (shown as is) or an asset code. */
  readonly unit: string;
  readonly detail: string;
}

/** One strategy against its budget (strategy-budget-check.ts); a null limit is "no budget set". */
export interface BudgetRow {
  readonly strategy: string;
  readonly exposure: number | null;
  readonly maxExposure: number | null;
  readonly dailyLoss: number | null;
  readonly maxDailyLoss: number | null;
  readonly ordersLastHour: number | null;
  readonly maxOrdersPerHour: number | null;
}

// The checks are found by name and shape, not instanceof: a strategy loaded from a file outside the
// bundle (`npm run live -- --strategy ./my.ts`) carries its own copy of the classes.
const isCorrelation = (c: PreTradeCheck): c is CorrelationCheck => c.name === 'correlation' && typeof (c as CorrelationCheck).correlation === 'function';
const isExposure = (c: PreTradeCheck): c is ExposureLimitsCheck => c.name === 'exposure-limits' && typeof (c as ExposureLimitsCheck).limits === 'object';
const isBudgets = (c: PreTradeCheck): c is StrategyBudgetCheck => c.name === 'strategy-budgets' && typeof (c as StrategyBudgetCheck).usage === 'function';

/** The strategy's own pair and top-3 caps (the regime portfolio's ExposureLimitsCheck), if it has them. */
export function exposureCaps(s: LiveSession): { pairCap: number; top3Cap: number } | undefined {
  const c = s.kernel.checks().find(isExposure);
  return c ? { pairCap: c.limits.pairCap, top3Cap: c.limits.top3Cap } : undefined;
}

/** Quote tied up in open buys, per pair (what a held pair counts on top of its position). */
function pendingBuys(s: LiveSession, pair: string, strategyId?: string): number {
  let sum = 0;
  for (const o of s.kernel.openOrderList(pair)) {
    if (o.side !== 'buy' || (strategyId !== undefined && o.strategyId !== strategyId)) continue;
    const px = o.limitPrice !== undefined ? toNumber(o.limitPrice) : s.kernel.lastPrice(o.pair);
    sum += o.quoteQty !== undefined ? toNumber(o.quoteQty - o.filledCost) : toNumber(o.qty - o.filledQty) * (px > 0 ? px : 0);
  }
  return sum;
}

/**
 * The correlation limit of the session's strategy (the regime portfolio's CorrelationCheck: no
 * buy of a pair whose rolling return correlation with a held pair is above the limit), read from
 * the check itself: the highest correlation between a held pair and any other session pair,
 * i.e. how close the next buy is to being refused. Without such a check there is no limit.
 */
export function correlationRule(s: LiveSession, equity: number): RiskRule {
  const base = { id: 'correlation', name: 'Return correlation with a held pair', unit: 'ratio' };
  const check = s.kernel.checks().find(isCorrelation);
  if (!check) return { ...base, value: null, limit: null, detail: "the strategy sets no correlation limit" };
  const limit = check.maxCorrelation;
  const pairs = s.sk.instruments.map((i) => i.symbol);
  if (pairs.length < 2) return { ...base, value: null, limit, detail: `one pair in the session: nothing to correlate (window ${check.window} candles)` };
  const held = pairs.flatMap((pair, i) => {
    const inst = s.sk.instruments[i];
    const px = s.kernel.lastPrice(pair);
    const value = toNumber(s.kernel.ledger.position(inst.base)) * (px > 0 ? px : 0) + pendingBuys(s, pair);
    return value > check.heldShare * equity ? [i] : [];
  });
  if (!held.length) return { ...base, value: null, limit, detail: `no pair held (window ${check.window} candles)` };
  let worst: { h: number; p: number; rho: number } | undefined;
  for (const h of held) {
    for (let p = 0; p < pairs.length; p++) {
      const rho = p === h ? NaN : check.correlation(h, p);
      if (Number.isFinite(rho) && (worst === undefined || rho > worst.rho)) worst = { h, p, rho };
    }
  }
  if (!worst) return { ...base, value: null, limit, detail: `held ${held.map((i) => pairs[i]).join(', ')}: fewer than ${check.minObs} common returns yet` };
  return { ...base, value: worst.rho, limit, detail: `held ${pairs[worst.h]} ~ ${pairs[worst.p]}, rolling ${check.window} candles` };
}

/**
 * Each strategy id against its budget, as the strategy's StrategyBudgetCheck sees it (exposure
 * and today's loss as fractions of equity, orders in the rolling hour). Without budgets, the
 * strategy's exposure from the session's attribution books (positions at the marks plus its
 * open buys) with no limit.
 */
export function budgetRows(s: LiveSession, ids: readonly string[], equity: number): BudgetRow[] {
  const check = s.kernel.checks().find(isBudgets);
  const now = s.kernel.now();
  const pairs = s.sk.instruments.map((i) => i.symbol);
  return ids.map((strategy) => {
    const u = check?.usage(strategy, now, equity);
    const b = check ? budgetFor(check.budgets, strategy) : {};
    const limits = { maxExposure: b.maxExposure ?? null, maxDailyLoss: b.maxDailyLoss ?? null, maxOrdersPerHour: b.maxOrdersPerHour ?? null };
    if (u) return { strategy, exposure: u.exposure, dailyLoss: u.dailyLoss, ordersLastHour: u.ordersLastHour, ...limits };
    const value = s.attribution.positionValue(strategy, (p) => s.kernel.lastPrice(pairs[p])) + pairs.reduce((a, pair) => a + pendingBuys(s, pair, strategy), 0);
    return { strategy, exposure: equity > 0 ? value / equity : null, dailyLoss: null, ordersLastHour: null, ...limits };
  });
}
