import type { BacktestConfig } from '../../backtest/run/backtest-config.ts';
import { runBacktest, type CandleSource } from '../../backtest/run/run-backtest.ts';
import { alignDown } from '../../core/market/timeframe.ts';
import { SnapshotSource, snapshotCandles } from '../data/candle-snapshot.ts';
import { backtestConfig, type BacktestInput } from '../runs/backtest.ts';
import { firstDifference, iso, largestValueDifference, orderSignals, recordedValues, type SignalDifference, type ValueDifference } from './signals.ts';

/**
 * Lookahead check. A strategy that only uses the past decides the same way up to time T
 * whether or not the data goes on after T. So: run once on the whole range, then once per
 * cut point on the range truncated there, and compare every order requested and every value
 * recorded before the truncated run's last candle. Any difference means the strategy knew
 * something about candles it had not seen (a whole-range statistic, a shifted series, the
 * run's end date...).
 */
export interface LookaheadOptions {
  /** Truncation points, evenly spread over the range (default 4). */
  readonly cuts?: number;
}

export interface CutComparison {
  readonly cut: number;
  readonly comparedOrders: number;
  readonly order?: SignalDifference;
  readonly value?: ValueDifference;
}

export interface LookaheadReport {
  readonly check: 'lookahead';
  readonly strategy: string;
  readonly flagged: boolean;
  readonly cuts: readonly CutComparison[];
  readonly summary: string;
}

export async function checkLookahead(source: CandleSource, input: BacktestInput, opts: LookaheadOptions = {}): Promise<LookaheadReport> {
  const config = backtestConfig(input);
  const snap = new SnapshotSource(await snapshotCandles(source, config));
  const { from, to } = snap.snapshot;
  const intervalMs = snap.snapshot.intervalMin * 60_000;
  const full = await runBacktest(config, snap);
  const fullOrders = orderSignals(full);
  const fullValues = recordedValues(full);
  const n = opts.cuts ?? 4;
  // Cut where every pair already has candles (a run needs data for each pair it trades).
  const s = snap.snapshot;
  const firsts = s.symbols.map((_, p) => {
    for (let i = 0; i < s.length; i++) if (s.pair[i] === p) return s.openTime[i];
    return to;
  });
  const start = Math.max(from, ...firsts) + intervalMs;
  const cuts: CutComparison[] = [];
  for (let k = 1; k <= n; k++) {
    const cut = alignDown(start + ((to - start) * k) / (n + 1), intervalMs);
    const truncated: BacktestConfig = { ...config, to: iso(cut) };
    const part = await runBacktest(truncated, snap);
    // Decisions at the truncated run's last close may legitimately differ (strategies skip signals no candle can fill).
    const end = part.runEnd;
    const before = (t: number) => t < end;
    const a = fullOrders.filter((s) => before(s.time));
    const b = orderSignals(part).filter((s) => before(s.time));
    cuts.push({ cut, comparedOrders: a.length, order: firstDifference(a, b), value: largestValueDifference(fullValues, recordedValues(part), before) });
  }
  const bad = cuts.filter((c) => c.order || c.value);
  const summary = bad.length === 0
    ? `${config.strategy}: no lookahead found (${n} truncations, ${cuts.reduce((s, c) => s + c.comparedOrders, 0)} orders compared)`
    : `${config.strategy}: LOOKAHEAD: decisions before ${iso(bad[0].cut)} change when later data is removed; ` +
      (bad[0].order ? `first order difference at ${iso(bad[0].order.time)}: full run "${bad[0].order.expected}" vs truncated "${bad[0].order.actual}"` : `recorded ${bad[0].value!.series} at ${iso(bad[0].value!.time)}: ${bad[0].value!.expected} vs ${bad[0].value!.actual}`);
  return { check: 'lookahead', strategy: config.strategy, flagged: bad.length > 0, cuts, summary };
}
