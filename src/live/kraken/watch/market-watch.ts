import { checkOhlc, checkTrade, DEFAULT_ACTIVITY, PairActivity, type ActivityMetrics, type ActivityOptions } from './pair-activity.ts';

/**
 * Which pairs get full attention. A small focus set is processed at full rate (every
 * `advance`); the rest of the catalog (the scout set) is buffered and processed only every
 * `scoutFlushMs`. A scout pair whose 1 h momentum or volume acceleration crosses a threshold
 * is promoted into focus (up to `maxFocus`); a focus pair that stays quiet for
 * `demoteAfterQuietMs` goes back to scouting. Pinned pairs are always in focus. Every change
 * is a decision with its reasons. Pure: time comes from the caller.
 *
 * Inputs: `onOhlc` (candle updates; the exact source of traded volume, see
 * PairActivity.recordOhlc) and `onTrade` (price, and volume only if the caller has no candles).
 */
export interface MarketWatchOptions {
  readonly maxFocus: number;
  readonly pinned?: readonly string[];
  readonly scoutFlushMs: number;
  /** |1 h return| at or above this promotes (0.03 = 3 %). */
  readonly promoteMomentum: number;
  /** Last-interval volume / trailing average at or above this promotes (3 = three times usual). */
  readonly promoteVolumeAcceleration: number;
  readonly demoteAfterQuietMs: number;
  readonly activity?: ActivityOptions;
}

export type WatchDecision = {
  readonly kind: 'promote' | 'demote' | 'promotion_skipped';
  readonly symbol: string;
  readonly at: number;
  readonly reasons: readonly string[];
  readonly metrics: ActivityMetrics;
};

type BufferedEvent =
  | { kind: 'trade'; ts: number; price: number; qty: number }
  | { kind: 'ohlc'; intervalBegin: number; ts: number; close: number; volume: number };

export class MarketWatch {
  private readonly activity = new Map<string, PairActivity>();
  private readonly focusSince = new Map<string, number>(); // symbol -> last time it was "active"
  private readonly pinned: ReadonlySet<string>;
  private readonly scoutBuffer = new Map<string, BufferedEvent[]>();
  private nextScoutFlush: number;
  private readonly universe = new Set<string>();

  constructor(
    universe: readonly string[],
    readonly options: MarketWatchOptions,
    startMs: number,
  ) {
    const pinned = options.pinned ?? [];
    if (!(Number.isInteger(options.maxFocus) && options.maxFocus >= pinned.length && options.maxFocus > 0)) {
      throw new RangeError(`maxFocus ${options.maxFocus} must be a positive integer >= the ${pinned.length} pinned pairs`);
    }
    if (!(options.scoutFlushMs > 0 && options.demoteAfterQuietMs > 0)) throw new RangeError('scoutFlushMs and demoteAfterQuietMs must be positive');
    this.pinned = new Set(pinned);
    for (const s of [...universe, ...pinned]) this.universe.add(s);
    for (const s of pinned) this.focusSince.set(s, startMs);
    this.nextScoutFlush = startMs + options.scoutFlushMs;
  }

  focus(): string[] {
    return [...this.focusSince.keys()].sort();
  }

  scout(): string[] {
    return [...this.universe].filter((s) => !this.focusSince.has(s)).sort();
  }

  isFocus(symbol: string): boolean {
    return this.focusSince.has(symbol);
  }

  metrics(symbol: string, now: number): ActivityMetrics {
    return this.activityOf(symbol).metrics(now);
  }

  onTrade(symbol: string, ts: number, price: number, qty: number): void {
    if (!this.universe.has(symbol)) return;
    checkTrade(ts, price, qty); // now, not at the scout flush, so the caller sees its own bad input
    if (this.isFocus(symbol)) this.activityOf(symbol).recordTrade(ts, price, qty);
    else this.buffer(symbol, { kind: 'trade', ts, price, qty });
  }

  /** An OHLC update: the candle starting at `intervalBegin` has closed at `close` with cumulative `volume` so far, as of `ts`. */
  onOhlc(symbol: string, intervalBegin: number, ts: number, close: number, volume: number): void {
    if (!this.universe.has(symbol)) return;
    checkOhlc(intervalBegin, ts, close, volume);
    if (this.isFocus(symbol)) this.activityOf(symbol).recordOhlc(intervalBegin, ts, close, volume);
    else this.buffer(symbol, { kind: 'ohlc', intervalBegin, ts, close, volume });
  }

  /** Catalog refresh: new symbols join the scout set; vanished ones leave (a focus pair is demoted with that reason). */
  setUniverse(symbols: readonly string[], now: number): WatchDecision[] {
    const next = new Set([...symbols, ...this.pinned]);
    const decisions: WatchDecision[] = [];
    for (const s of [...this.universe].sort()) {
      if (next.has(s)) continue;
      if (this.focusSince.delete(s)) decisions.push({ kind: 'demote', symbol: s, at: now, reasons: ['no longer in the catalog'], metrics: this.metrics(s, now) });
      this.universe.delete(s);
      this.activity.delete(s);
      this.scoutBuffer.delete(s);
    }
    for (const s of next) this.universe.add(s);
    return decisions;
  }

  /** Moves time to `now`: evaluates focus pairs, and flushes/evaluates scouts when their interval is due. */
  advance(now: number): WatchDecision[] {
    const decisions: WatchDecision[] = [];
    // Focus: refresh activity and demote the quiet ones (frees slots before promotions).
    for (const symbol of this.focus()) {
      const m = this.metrics(symbol, now);
      const hot = this.reasonsToWatch(m);
      if (hot.length > 0 || this.pinned.has(symbol)) {
        this.focusSince.set(symbol, now);
        continue;
      }
      const quietFor = now - (this.focusSince.get(symbol) ?? now);
      if (quietFor >= this.options.demoteAfterQuietMs) {
        this.focusSince.delete(symbol);
        decisions.push({ kind: 'demote', symbol, at: now, reasons: [`quiet for ${quietFor} ms (limit ${this.options.demoteAfterQuietMs} ms): ${describe(m)}`], metrics: m });
      }
    }
    if (now < this.nextScoutFlush) return decisions;
    while (this.nextScoutFlush <= now) this.nextScoutFlush += this.options.scoutFlushMs;
    this.flushScouts();
    const candidates: { symbol: string; score: number; reasons: string[]; metrics: ActivityMetrics }[] = [];
    for (const symbol of this.scout()) {
      const m = this.metrics(symbol, now);
      const reasons = this.reasonsToWatch(m);
      if (reasons.length > 0) candidates.push({ symbol, score: this.score(m), reasons, metrics: m });
    }
    candidates.sort((a, b) => b.score - a.score || (a.symbol < b.symbol ? -1 : 1));
    for (const c of candidates) {
      if (this.focusSince.size < this.options.maxFocus) {
        this.focusSince.set(c.symbol, now);
        decisions.push({ kind: 'promote', symbol: c.symbol, at: now, reasons: c.reasons, metrics: c.metrics });
      } else {
        decisions.push({ kind: 'promotion_skipped', symbol: c.symbol, at: now, reasons: [...c.reasons, `focus full (${this.focusSince.size}/${this.options.maxFocus})`], metrics: c.metrics });
      }
    }
    return decisions;
  }

  private reasonsToWatch(m: ActivityMetrics): string[] {
    const reasons: string[] = [];
    const { promoteMomentum, promoteVolumeAcceleration } = this.options;
    if (m.momentum !== undefined && Math.abs(m.momentum) >= promoteMomentum) {
      reasons.push(`1h momentum ${pct(m.momentum)} crosses ±${(promoteMomentum * 100).toFixed(2)}%`);
    }
    if (m.volumeAcceleration !== undefined && m.volumeAcceleration >= promoteVolumeAcceleration) {
      reasons.push(`volume acceleration x${fmt(m.volumeAcceleration)} >= x${fmt(promoteVolumeAcceleration)}`);
    }
    return reasons;
  }

  /** How far past its thresholds a pair is; ranks candidates when focus slots are scarce. */
  private score(m: ActivityMetrics): number {
    const mom = m.momentum === undefined ? 0 : Math.abs(m.momentum) / this.options.promoteMomentum;
    const vol = m.volumeAcceleration === undefined ? 0 : Math.min(m.volumeAcceleration, 1e9) / this.options.promoteVolumeAcceleration;
    return Math.max(mom, vol);
  }

  private buffer(symbol: string, e: BufferedEvent): void {
    let list = this.scoutBuffer.get(symbol);
    if (!list) this.scoutBuffer.set(symbol, (list = []));
    list.push(e);
  }

  private flushScouts(): void {
    for (const [symbol, events] of this.scoutBuffer) {
      const a = this.activityOf(symbol);
      for (const e of events) {
        if (e.kind === 'trade') a.recordTrade(e.ts, e.price, e.qty);
        else a.recordOhlc(e.intervalBegin, e.ts, e.close, e.volume);
      }
    }
    this.scoutBuffer.clear();
  }

  private activityOf(symbol: string): PairActivity {
    let a = this.activity.get(symbol);
    if (!a) this.activity.set(symbol, (a = new PairActivity(this.options.activity ?? DEFAULT_ACTIVITY)));
    return a;
  }
}

function pct(x: number): string {
  return `${x >= 0 ? '+' : ''}${(x * 100).toFixed(2)}%`;
}

function fmt(x: number): string {
  return Number.isFinite(x) ? x.toFixed(2) : 'inf';
}

function describe(m: ActivityMetrics): string {
  const mom = m.momentum === undefined ? 'n/a' : pct(m.momentum);
  const acc = m.volumeAcceleration === undefined ? 'n/a' : `x${fmt(m.volumeAcceleration)}`;
  return `momentum ${mom}, volume acceleration ${acc}`;
}
