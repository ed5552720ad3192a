import { formatWindow, inWindow, windowEndAfter, windowStartAt, type DailyWindow } from '../../core/calendar/downtime-window.ts';
import type { ApprovedModel } from '../../core/ml/approved-model.ts';
import type { TradingMode } from '../../core/risk/risk-config.ts';

/**
 * The live runner's daily ML cycle. TRADING until the clock enters the downtime window; then
 * TRANSITION: the kernel goes reducing-only so the strategy flattens (or halted, to hold the
 * positions, per config); once flat (or holding), DOWNTIME: halted, the model is retrained,
 * the four gates run and a passing model is promoted; when the window is over, TRANSITION
 * again: the newly approved model is activated and trading resumes. Mode changes go through
 * the runner's journaled kill-switch inputs, so a replay sees the same modes at the same times.
 */
export type RunnerPhase = 'TRADING' | 'TRANSITION' | 'DOWNTIME';

/** What the cycle needs from the live runner (LiveRunner satisfies it; no other hook). */
export interface CycleRunner {
  onChange(fn: () => void): () => void;
  eventNow(): number;
  setMode(mode: TradingMode, reason: string): void;
  readonly session: { readonly kernel: { openOrderList(): readonly unknown[]; readonly ledger: { position(asset: string): bigint } } };
}

export interface RetrainOutcome {
  readonly id: string;
  readonly verdict: 'APPROVED' | 'REJECTED';
  readonly reasons: readonly string[];
  /** Loaded through the approved-only, hash-checking loader; null when rejected. */
  readonly model: ApprovedModel | null;
}

export interface DowntimeCycleOptions {
  readonly window: DailyWindow;
  /** Flatten every position before retraining, or hold them through the window. */
  readonly onEnter: 'flatten' | 'hold';
  /**
   * Start the TRANSITION this long before the window, so the flattening orders (refused inside
   * the window by the downtime check, and filled only on a later bar in paper mode) are done
   * by the time it opens. Default 0: flatten inside the window.
   */
  readonly leadMs?: number;
  /** Base assets whose positions must be zero before the retrain starts. */
  readonly assets: readonly string[];
  /** Train on data up to `now`, run the four gates, promote when they pass. */
  retrain(now: number): Promise<RetrainOutcome>;
  /**
   * Make a promoted model the one the strategy trades: journal the promotion (validated first)
   * so a replay switches at the same input. False when the session refused it (the reason is
   * journaled); the current model stays.
   */
  activate(model: ApprovedModel): boolean;
  readonly log?: (msg: string, fields?: Record<string, unknown>) => void;
  /** Every phase change and every retrain outcome, as they happen (the CLI prints them). */
  readonly onPhase?: (change: PhaseChange) => void;
  readonly onOutcome?: (outcome: RetrainOutcome) => void;
}

export interface PhaseChange {
  readonly time: number;
  readonly from: RunnerPhase;
  readonly to: RunnerPhase;
  readonly why: string;
}

export class DowntimeCycle {
  phase: RunnerPhase = 'TRADING';
  readonly changes: PhaseChange[] = [];
  readonly outcomes: RetrainOutcome[] = [];
  private resuming = false;
  private retraining: Promise<void> | null = null;
  private pending: ApprovedModel | null = null;
  private retrainDone = false;
  private unsubscribe: (() => void) | null = null;
  private windowStart = NaN;
  private windowEnd = NaN;

  constructor(
    private readonly runner: CycleRunner,
    private readonly opts: DowntimeCycleOptions,
  ) {}

  /** Follows the runner: re-evaluated after every input it processes (bars, ticks, fills). */
  attach(): this {
    this.unsubscribe = this.runner.onChange(() => this.onTime(this.runner.eventNow()));
    return this;
  }

  detach(): void {
    this.unsubscribe?.();
  }

  /** Settles once a retrain in flight is over (tests, shutdown). */
  async idle(): Promise<void> {
    await this.retraining;
  }

  private go(time: number, to: RunnerPhase, why: string): void {
    const change = { time, from: this.phase, to, why };
    this.changes.push(change);
    this.opts.onPhase?.(change);
    this.opts.log?.('runner phase', { from: this.phase, to, why, at: new Date(time).toISOString() });
    this.phase = to;
  }

  private flat(): boolean {
    const k = this.runner.session.kernel;
    return k.openOrderList().length === 0 && this.opts.assets.every((a) => k.ledger.position(a) === 0n);
  }

  onTime(now: number): void {
    if (!Number.isFinite(now)) return;
    const w = this.opts.window;
    switch (this.phase) {
      case 'TRADING': {
        const lead = this.opts.leadMs ?? 0;
        if (!inWindow(w, now + lead) && !inWindow(w, now)) return;
        this.windowStart = windowStartAt(w, inWindow(w, now) ? now : now + lead);
        this.windowEnd = windowEndAfter(w, this.windowStart);
        this.resuming = false;
        this.go(now, 'TRANSITION', `downtime ${formatWindow(w)} ahead; ${this.opts.onEnter === 'flatten' ? 'flattening' : 'holding positions'}`);
        this.runner.setMode(this.opts.onEnter === 'flatten' ? 'reducing-only' : 'halted', `downtime: ${this.opts.onEnter}`);
        return this.onTime(now);
      }
      case 'TRANSITION':
        if (this.resuming) return;
        if (now >= this.windowEnd) {
          this.opts.log?.('downtime window ended before the book was flat; no retrain today', {});
          return this.resume(now, 'window ended before flat');
        }
        if (now < this.windowStart || (this.opts.onEnter === 'flatten' && !this.flat())) return;
        this.go(now, 'DOWNTIME', this.opts.onEnter === 'flatten' ? 'flat; retraining' : 'holding; retraining');
        this.runner.setMode('halted', 'downtime: retraining');
        this.startRetrain(now);
        return;
      case 'DOWNTIME':
        if (now < this.windowEnd || !this.retrainDone) return;
        return this.resume(now, this.pending ? `promoted ${this.pending.id}` : 'no new model approved; keeping the current one');
    }
  }

  private startRetrain(now: number): void {
    this.retrainDone = false;
    this.pending = null;
    this.retraining = this.opts
      .retrain(now)
      .then((o) => {
        this.outcomes.push(o);
        this.opts.onOutcome?.(o);
        this.opts.log?.('retrain finished', { id: o.id, verdict: o.verdict, reasons: o.reasons });
        if (o.verdict === 'APPROVED' && o.model) this.pending = o.model;
      })
      .catch((e: unknown) => this.opts.log?.('retrain failed; keeping the current model', { err: (e as Error).message }))
      .finally(() => {
        this.retrainDone = true;
      });
  }

  private resume(now: number, why: string): void {
    this.resuming = true;
    this.go(now, 'TRANSITION', why);
    let next = this.pending;
    if (next && !this.opts.activate(next)) {
      this.opts.log?.('promotion refused by the session; keeping the current model', { id: next.id });
      next = null;
    }
    this.pending = null;
    // The journaled mode change names the model that trades from here on (a record for audits and replays).
    this.runner.setMode('active', next ? `downtime over; model ${next.id} artifact ${next.artifactHash}` : 'downtime over');
    this.go(now, 'TRADING', 'resumed');
  }
}
