import { fromFloat, mul, toNumber, ZERO, type Fixed } from '../../decimal/fixed.ts';

/** Portfolio exposure limits, as fractions of equity. */
export interface ExposureLimits {
  /** Largest exposure of one pair (0.05 = 5%). */
  readonly pairCap: number;
  /** Largest sum of the three largest exposures (0.5 = 50%). */
  readonly top3Cap: number;
  /** Trading cost per unit of notional (taker fee + slippage allowance), used for the equity haircut. */
  readonly costRate: number;
}

export interface LimitBreach {
  readonly reason: 'pair-cap' | 'top3-cap' | 'leverage';
  readonly detail: string;
}

const pct = (x: Fixed, of: Fixed): string => (of > ZERO ? `${((toNumber(x) / toNumber(of)) * 100).toFixed(2)}%` : 'n/a');

function top3(xs: readonly Fixed[]): Fixed {
  const sorted = [...xs].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0));
  return (sorted[0] ?? ZERO) + (sorted[1] ?? ZERO) + (sorted[2] ?? ZERO);
}

/**
 * Exact test of a buy against the limits. `exposure[i]` is pair i's position value plus its
 * open buy reservations; `pending` the sum of all open buy reservations; `equity` the
 * account's equity. Limits are measured against equity net of trading costs, so that they
 * still hold after every fill at unchanged prices (docs/regime-portfolio.md, "Why the haircut"):
 *
 *   budget = equity - costRate x (sum of exposures + pending + 2 x notional)
 *
 * A buy is refused when, with it added, its pair exceeds pairCap x budget (`pair-cap`), any
 * other pair that was within its cap would leave it (also `pair-cap`), the three largest
 * exposures exceed top3Cap x budget (`top3-cap`; not charged to a buy outside the top three
 * when the top three were already over it by price drift), or all exposures exceed the
 * budget (`leverage`: spot, no borrowing).
 */
export function checkBuy(exposure: readonly Fixed[], pending: Fixed, equity: Fixed, pairIndex: number, notional: Fixed, limits: ExposureLimits, names: readonly string[]): LimitBreach | undefined {
  const cost = fromFloat(limits.costRate, 9);
  const pairCap = fromFloat(limits.pairCap, 9);
  const top3Cap = fromFloat(limits.top3Cap, 9);
  let gross = ZERO;
  for (const x of exposure) gross += x;
  const before = equity - mul(cost, gross + pending, 'up');
  const budget = equity - mul(cost, gross + pending + 2n * notional, 'up');
  const after = exposure.map((x, i) => (i === pairIndex ? x + notional : x));
  const name = names[pairIndex] ?? `pair ${pairIndex}`;
  if (budget <= ZERO) return { reason: 'leverage', detail: `no equity left after trading costs (equity ${toNumber(equity).toFixed(2)})` };
  const pairLimit = mul(budget, pairCap, 'down');
  if (after[pairIndex] > pairLimit) {
    return { reason: 'pair-cap', detail: `${name} would be ${pct(after[pairIndex], budget)} of equity net of costs, limit ${(limits.pairCap * 100).toFixed(2)}%` };
  }
  const pairLimitBefore = mul(before, pairCap, 'down');
  for (let i = 0; i < after.length; i++) {
    if (i !== pairIndex && after[i] <= pairLimitBefore && after[i] > pairLimit) {
      return { reason: 'pair-cap', detail: `trading costs of this order would push ${names[i] ?? `pair ${i}`} over the ${(limits.pairCap * 100).toFixed(2)}% cap` };
    }
  }
  const topAfter = top3(after);
  if (topAfter > mul(budget, top3Cap, 'down')) {
    const others = after.filter((_, i) => i !== pairIndex);
    const inTop = after[pairIndex] > ZERO && top3(others) < topAfter;
    const wasWithin = top3(exposure) <= mul(before, top3Cap, 'down');
    if (inTop || wasWithin) return { reason: 'top3-cap', detail: `three largest pairs would be ${pct(topAfter, budget)} of equity net of costs, limit ${(limits.top3Cap * 100).toFixed(2)}%` };
  }
  if (gross + notional > budget) {
    return { reason: 'leverage', detail: `exposure would be ${pct(gross + notional, budget)} of equity net of costs; spot, no leverage` };
  }
  return undefined;
}

/**
 * The largest buy (quote notional, float) pair `pairIndex` can take without breaching any
 * limit, by the same formula as checkBuy. Sizing uses it so that orders respect the limits by
 * construction; `safety` shrinks it a little for float-vs-exact differences.
 */
export function buyHeadroom(exposure: readonly number[], pending: number, equity: number, pairIndex: number, limits: ExposureLimits, safety = 0.995): number {
  const c = limits.costRate;
  let gross = 0;
  for (const x of exposure) gross += x;
  const base = equity - c * (gross + pending);
  const own = exposure[pairIndex];
  const others = exposure.filter((_, i) => i !== pairIndex).sort((a, b) => b - a);
  const bounds = [
    (limits.pairCap * base - own) / (1 + 2 * c * limits.pairCap),
    (limits.top3Cap * base - own - (others[0] ?? 0) - (others[1] ?? 0)) / (1 + 2 * c * limits.top3Cap),
    (base - gross) / (1 + 2 * c),
  ];
  if (others.length && c > 0 && others[0] <= limits.pairCap * base) bounds.push((limits.pairCap * base - others[0]) / (2 * c * limits.pairCap));
  // A buy that stays outside the top three still shrinks the cost-netted budget, and checkBuy
  // refuses it once the existing top three no longer fit under the cap.
  const top3Others = (others[0] ?? 0) + (others[1] ?? 0) + (others[2] ?? 0);
  if (others.length >= 3 && c > 0 && top3Others <= limits.top3Cap * base) bounds.push((limits.top3Cap * base - top3Others) / (2 * c * limits.top3Cap));
  const n = Math.min(...bounds) * safety;
  return n > 0 && Number.isFinite(n) ? n : 0;
}
