/**
 * Float noise floor for dimensionless quantities (returns, drawdowns). Below it a value is
 * rounding error, not signal: a flat curve with a deposit can give period returns of 1e-17,
 * whose "volatility" would otherwise turn into a meaningless, enormous Sharpe ratio.
 */
export const NOISE = 1e-12;
