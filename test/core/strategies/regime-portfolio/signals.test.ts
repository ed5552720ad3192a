/**
 * Entry and exit rules of the six component strategies on table-driven candle scenarios.
 * Short indicator windows keep the scenarios readable: warm after 5 candles (slow = 5).
 */
import { describe, expect, it } from 'vitest';
import { PairHistory, type FeatureWindows } from '../../../../src/core/strategies/regime-portfolio/pair-features.ts';
import { DEFAULT_SIGNAL_PARAMS, signalStrategies, type SignalParams, type StrategyName } from '../../../../src/core/strategies/regime-portfolio/index.ts';

const W: FeatureWindows = { fast: 3, slow: 5, vol: 3, breakout: 3, swingExit: 2, momentum: 2 };
const DAY = 86_400_000;

interface Scenario {
  readonly name: string;
  readonly strategy: StrategyName;
  /** Closes; high/low are close +-1% unless given as [close, high, low]. */
  readonly candles: readonly (number | readonly [number, number, number])[];
  readonly windows?: FeatureWindows;
  readonly params?: Partial<SignalParams>;
  /** recentPanic per candle (default false). */
  readonly panic?: (i: number) => boolean;
  readonly entries: readonly number[];
  readonly exits: readonly number[];
}

function run(s: Scenario): number[] {
  const h = new PairHistory(s.windows ?? W);
  const strat = signalStrategies({ ...DEFAULT_SIGNAL_PARAMS, ...s.params })[s.strategy];
  let held = 0;
  return s.candles.map((c, i) => {
    const [close, high, low] = typeof c === 'number' ? [c, c * 1.01, c * 0.99] : c;
    h.push(high, low, close);
    held = strat.step(held, { f: h.features(DAY), recentPanic: s.panic?.(i) ?? false });
    return held;
  });
}

const flat = (n: number, x = 10) => Array.from({ length: n }, () => x);

const SCENARIOS: Scenario[] = [
  // Trend follower: fast SMA(3) > slow SMA(5) and close > fast SMA -> in; close < slow SMA -> out.
  { name: 'trend: breakout of a flat base, exit when the close falls under the slow SMA', strategy: 'trend-follower', candles: [...flat(5), 11, 12, 13, 14, 12, 9, 8], entries: [5], exits: [9] },
  { name: 'trend: nothing while not warm, even in a rally', strategy: 'trend-follower', candles: [10, 11, 12, 13], entries: [], exits: [] },
  { name: 'trend: a flat market never enters', strategy: 'trend-follower', candles: flat(12), entries: [], exits: [] },
  { name: 'trend: steady decline never enters', strategy: 'trend-follower', candles: [14, 13, 12, 11, 10, 9, 8, 7], entries: [], exits: [] },
  // Volatility swing: close above the prior 3-candle high -> in (size by volatility); close below the prior 2-candle low -> out.
  { name: 'swing: breakout above the prior high, exit below the prior swing low', strategy: 'volatility-swing', candles: [...flat(6), 12, 12.5, 12.2, 10, 10], entries: [6], exits: [9] },
  { name: 'swing: holds through a shallow pullback above the swing low', strategy: 'volatility-swing', candles: [...flat(6), 12, 12.5, 12.4, 12.45, 12.3], entries: [6], exits: [] },
  { name: 'swing: a close equal to the prior high is no breakout', strategy: 'volatility-swing', candles: [...flat(5), [10.1, 10.1, 10]], entries: [], exits: [] },
  // Mean reversion (fast = 10 for a meaningful z): z <= -1.5 and > -2.5 -> in; z >= 0 or z <= -2.5 -> out.
  {
    name: 'mean reversion: buy the stretched dip, sell back at the mean',
    strategy: 'mean-reversion',
    windows: { ...W, fast: 10, slow: 12 },
    params: { entryZ: -1.5, exitZ: 0, stopZ: -2.5 },
    candles: [10, 10.2, 10, 10.2, 10, 10.2, 10, 10.2, 10, 10.2, 10, 10.2, 9.6, 9.8, 10.3],
    entries: [12],
    exits: [14],
  },
  {
    name: 'mean reversion: a crash beyond the stop zone is not bought',
    strategy: 'mean-reversion',
    windows: { ...W, fast: 10, slow: 12 },
    params: { entryZ: -1.5, exitZ: 0, stopZ: -2.5 },
    candles: [...flat(12), 9],
    entries: [],
    exits: [],
  },
  {
    name: 'mean reversion: stop out when the dip deepens below the stop z',
    strategy: 'mean-reversion',
    windows: { ...W, fast: 10, slow: 12 },
    params: { entryZ: -1.5, exitZ: 0, stopZ: -2.5 },
    candles: [10, 10.2, 10, 10.2, 10, 10.2, 10, 10.2, 10, 10.2, 10, 10.2, 9.6, 8.6],
    entries: [12],
    exits: [13],
  },
  // Stable allocator: close > slow SMA -> in (volatility-budgeted); close < slow SMA x 0.97 -> out.
  { name: 'stable: enters above the slow SMA, keeps through a dip of less than 3%, leaves below', strategy: 'stable-allocator', candles: [...flat(5), 10.2, 10.3, 10.1, 10.05, 9.5], entries: [5], exits: [9] },
  // Recovery: only after a panic; close > fast SMA with positive momentum -> in; close < fast SMA -> out.
  { name: 'recovery: ignores a bounce when there was no panic', strategy: 'recovery', candles: [...flat(5), 8, 7, 7.5, 8, 8.5], entries: [], exits: [] },
  { name: 'recovery: re-enters the bounce after a panic, exits when it fails', strategy: 'recovery', candles: [...flat(5), 8, 7, 7.5, 8, 8.5, 7.6], panic: () => true, entries: [8], exits: [10] },
];

describe('component strategies: entry and exit rules', () => {
  it.each(SCENARIOS)('$name', (s) => {
    const e = run(s);
    const entries: number[] = [];
    const exits: number[] = [];
    e.forEach((x, i) => {
      const prev = i === 0 ? 0 : e[i - 1];
      if (prev === 0 && x > 0) entries.push(i);
      if (prev > 0 && x === 0) exits.push(i);
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThanOrEqual(1);
    });
    expect({ entries, exits }).toEqual({ entries: s.entries, exits: s.exits });
  });

  it('volatility-based sizes shrink as volatility grows', () => {
    const calm = run({ ...SCENARIOS.find((x) => x.strategy === 'stable-allocator')!, candles: [...flat(5), 10.2] }).at(-1)!;
    const wild = run({ ...SCENARIOS.find((x) => x.strategy === 'stable-allocator')!, candles: [10, 12, 9, 12, 9.5, 12.5] }).at(-1)!;
    expect(calm).toBe(1);
    expect(wild).toBeGreaterThan(0);
    expect(wild).toBeLessThan(calm);
  });
});
