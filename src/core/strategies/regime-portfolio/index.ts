export { regimePortfolioFactory, parseRegimePortfolioParams } from './factory.ts';
export { RegimePortfolio, DEFAULT_PARAMS, type RegimePortfolioParams } from './regime-portfolio.ts';
export { allocate, weightsOf, REGIME_STRATEGIES, DEFAULT_ALLOCATION, type Allocation, type AllocationParams } from './selector.ts';
export { signalStrategies, STRATEGY_NAMES, DEFAULT_SIGNAL_PARAMS, type StrategyName, type SignalStrategy, type SignalInput, type SignalParams } from './signals.ts';
export { PORTFOLIO_REJECT_REASONS, CorrelationCheck, DowntimeCheck, DrawdownHaltCheck, ExposureLimitsCheck } from './portfolio-checks.ts';
export { checkBuy, buyHeadroom, type ExposureLimits } from './exposure-limits.ts';
export { formatWindow, parseDailyWindow, inWindow, type DailyWindow } from './schedule.ts';
