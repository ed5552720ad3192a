import type { StrategyFactory } from '../strategy/strategy.ts';
import { buyAndHoldFactory } from './buy-and-hold.ts';
import { mlSignalFactory } from './ml-signal.ts';
import { constantAllocationFactory } from './constant-allocation.ts';
import { regimePortfolioFactory } from './regime-portfolio/factory.ts';
import { smaCrossFactory } from './sma-cross.ts';

/** Built-in strategies by name. */
export const BUILTIN_STRATEGIES: ReadonlyMap<string, StrategyFactory> = new Map([
  [buyAndHoldFactory.name, buyAndHoldFactory],
  [smaCrossFactory.name, smaCrossFactory],
  [regimePortfolioFactory.name, regimePortfolioFactory],
  [mlSignalFactory.name, mlSignalFactory],
  [constantAllocationFactory.name, constantAllocationFactory],
]);

export { BuyAndHold, buyAndHoldFactory } from './buy-and-hold.ts';
export { ConstantAllocation, constantAllocationFactory } from './constant-allocation.ts';
export { SmaCross, smaCrossFactory } from './sma-cross.ts';
export { RegimePortfolio, regimePortfolioFactory } from './regime-portfolio/index.ts';
