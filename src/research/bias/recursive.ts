import type { BacktestConfig } from '../../backtest/run/backtest-config.ts';
import { runBacktest, type BacktestResult, type CandleSource } from '../../backtest/run/run-backtest.ts';
import { alignDown } from '../../core/market/timeframe.ts';
import { SnapshotSource, snapshotCandles } from '../data/candle-snapshot.ts';
import { backtestConfig, type BacktestInput } from '../runs/backtest.ts';
import { firstDifference, iso, largestValueDifference, orderSignals, recordedValues, type SignalDifference, type ValueDifference } from './signals.ts';

/**
 * Recursive (start-dependence) check. An indicator that is fully warmed up after `warmup`
 * candles has the same value at time T whether history began `warmup` candles before T or
 * years before. So: run the strategy from several start dates, all at least `warmup` candles
 * before a comparison point, and compare what it recorded (ctx.record) after that point and
 * the orders it placed once the runs hold the same positions (before that, a run that started
 * later may simply not be in the trade the earlier one is in). Sizes are not compared: cash
 * differs between the runs. Anything seeded from the first candle (an EMA without warm-up, a
 * running max or mean since the start, a cumulative sum) shows up here.
 *
 * When the strategy records values, those decide: its orders may rightly depend on portfolio
 * state that depends on the start (peak equity for a drawdown stop, which pairs it holds), so
 * order differences are then reported but do not flag. A strategy that records nothing is
 * judged by its orders.
 */
export interface RecursiveOptions {
  /** Candles of history the strategy needs before it is valid (its longest lookback; default 200). */
  readonly warmup?: number;
  /** Relative difference in recorded values tolerated (default 1e-9). */
  readonly tolerance?: number;
}

export interface StartComparison {
  readonly start: number;
  /** When the run's positions first matched the longest run's at or after the comparison point. */
  readonly syncedAt: number | null;
  readonly comparedOrders: number;
  readonly order?: SignalDifference;
  readonly value?: ValueDifference;
}

export interface RecursiveReport {
  readonly check: 'recursive';
  readonly strategy: string;
  readonly flagged: boolean;
  /** True when recorded values were compared (and orders only reported). */
  readonly judgedByRecordedValues: boolean;
  readonly compareFrom: number;
  readonly starts: readonly StartComparison[];
  readonly summary: string;
}

/** Long (1) or flat (0) per pair after every fill; the state in force at time t is the last change <= t. */
function positionStates(r: BacktestResult): { time: number; state: string }[] {
  const held = new Map<string, bigint>(r.pairs.map((p) => [p, 0n]));
  const out: { time: number; state: string }[] = [{ time: -Infinity, state: r.pairs.map(() => '0').join('') }];
  for (const f of r.fills) {
    held.set(f.pair, (held.get(f.pair) ?? 0n) + (f.side === 'buy' ? f.qty : -f.qty));
    out.push({ time: f.time, state: r.pairs.map((p) => ((held.get(p) ?? 0n) > 0n ? '1' : '0')).join('') });
  }
  return out;
}

function stateAt(states: { time: number; state: string }[], t: number): string {
  let s = states[0].state;
  for (const x of states) {
    if (x.time > t) break;
    s = x.state;
  }
  return s;
}

function syncTime(a: BacktestResult, b: BacktestResult, from: number): number | null {
  const sa = positionStates(a);
  const sb = positionStates(b);
  const times = [from, ...sa.map((x) => x.time), ...sb.map((x) => x.time)].filter((t) => t >= from).sort((x, y) => x - y);
  for (const t of times) if (stateAt(sa, t) === stateAt(sb, t)) return t;
  return null;
}

export async function checkRecursive(source: CandleSource, input: BacktestInput, opts: RecursiveOptions = {}): Promise<RecursiveReport> {
  const config = backtestConfig(input);
  const warmup = opts.warmup ?? 200;
  const tolerance = opts.tolerance ?? 1e-9;
  const snap = new SnapshotSource(await snapshotCandles(source, config));
  const { from, to } = snap.snapshot;
  const intervalMs = snap.snapshot.intervalMin * 60_000;
  // Compare over the second half; the latest start gives exactly `warmup` candles before it.
  const compareFrom = alignDown(from + (to - from) / 2, intervalMs);
  const latest = compareFrom - warmup * intervalMs;
  if (latest <= from) throw new Error(`recursive check: warmup of ${warmup} candles does not fit in the first half of ${config.from}..${config.to}; use a longer range or a smaller --warmup`);
  const starts = [alignDown(from + (latest - from) / 2, intervalMs), latest];
  const longest = await runBacktest(config, snap);
  const refOrders = orderSignals(longest, false);
  const refValues = recordedValues(longest);
  const comparisons: StartComparison[] = [];
  for (const start of starts) {
    const run = await runBacktest({ ...config, from: iso(start) } satisfies BacktestConfig, snap);
    const value = largestValueDifference(refValues, recordedValues(run), (t) => t >= compareFrom);
    const synced = syncTime(longest, run, compareFrom);
    const after = (t: number) => synced !== null && t > synced;
    const a = refOrders.filter((s) => after(s.time));
    const b = orderSignals(run, false).filter((s) => after(s.time));
    comparisons.push({ start, syncedAt: synced, comparedOrders: a.length, order: firstDifference(a, b), value: value && value.relative > tolerance ? value : undefined });
  }
  // With recorded indicators, they are the judge: orders may legitimately depend on portfolio
  // state (peak equity, what is held), which differs between starts. Without, orders are.
  const indicators = refValues.size > 0;
  const bad = comparisons.filter((c) => c.value || (!indicators && c.order));
  const what = indicators ? `recorded ${[...refValues.keys()].join(', ')}` : 'orders';
  const summary = bad.length === 0
    ? `${config.strategy}: no start dependence found in ${what} after ${warmup} candles of warm-up (starts ${[from, ...starts].map(iso).join(', ')}; compared from ${iso(compareFrom)})`
    : `${config.strategy}: RECURSIVE: results after ${iso(compareFrom)} depend on where history starts (${iso(from)} vs ${iso(bad[0].start)}); ` +
      (bad[0].value ? `recorded ${bad[0].value.series} at ${iso(bad[0].value.time)}: ${bad[0].value.expected} vs ${bad[0].value.actual}` : `first order difference at ${iso(bad[0].order!.time)}: "${bad[0].order!.expected}" vs "${bad[0].order!.actual}"`);
  return { check: 'recursive', strategy: config.strategy, flagged: bad.length > 0, judgedByRecordedValues: indicators, compareFrom, starts: comparisons, summary };
}
