import { formatFixed, mulExact, ZERO, type Fixed, toNumber } from '../decimal/fixed.ts';
import type { RiskConfig, TradingMode } from './risk-config.ts';

export type RiskRejectReason =
  | 'halted'
  | 'reduce-only'
  | 'insufficient-cash'
  | 'insufficient-position'
  | 'max-order-notional'
  | 'max-pair-share'
  | 'below-minimum'
  | 'invalid-precision'
  | 'invalid-order'
  | 'unknown-pair';

/** What the risk engine needs to know about an order and the account at the moment it is placed. */
export interface RiskCheckInput {
  readonly side: 'buy' | 'sell';
  /** Estimated notional in the account currency (qty x reference price, or the quote amount). */
  readonly notional: Fixed;
  /** Quote the order would lock, fee included (buys). */
  readonly cashNeeded: Fixed;
  readonly cashAvailable: Fixed;
  /** Base the order would sell. */
  readonly qtyToSell: Fixed;
  readonly baseAvailable: Fixed;
  /** Value of the pair's position plus open buy orders, and account equity, both in the account currency. */
  readonly pairExposure: Fixed;
  readonly equity: Fixed;
}

export interface RiskVerdict {
  readonly ok: boolean;
  readonly reason?: RiskRejectReason;
  readonly detail?: string;
}

const OK: RiskVerdict = { ok: true };

/**
 * Pre-trade checks on the order path, before anything reaches a venue, plus the trading mode
 * (kill switch) and the drawdown breaker. Pure: given the same inputs it gives the same verdict.
 */
export class RiskEngine {
  private modeNow: TradingMode;
  private peakEquity = 0;
  private haltReason: string | undefined;
  /** maxPairShare as a 9-decimal fixed (the config is read-only): made once, not per order. */
  private readonly shareFixed: Fixed | undefined;

  constructor(readonly config: RiskConfig) {
    this.modeNow = config.mode;
    this.shareFixed = config.maxPairShare === undefined ? undefined : BigInt(Math.round(config.maxPairShare * 1e9)) * 10n ** 9n;
  }

  mode(): TradingMode {
    return this.modeNow;
  }

  whyHalted(): string | undefined {
    return this.haltReason;
  }

  setMode(mode: TradingMode, reason: string): void {
    this.modeNow = mode;
    this.haltReason = mode === 'active' ? undefined : reason;
  }

  check(o: RiskCheckInput): RiskVerdict {
    if (this.modeNow === 'halted') return reject('halted', this.haltReason ?? 'trading is halted');
    if (this.modeNow === 'reducing-only' && o.side === 'buy') return reject('reduce-only', 'only orders that reduce a position are allowed');
    if (o.side === 'sell') {
      if (o.qtyToSell > o.baseAvailable) {
        return reject('insufficient-position', `sell ${fmt(o.qtyToSell)} exceeds the ${fmt(o.baseAvailable)} held and not reserved (spot: no shorting)`);
      }
    } else if (o.cashNeeded > o.cashAvailable) {
      return reject('insufficient-cash', `needs ${fmt(o.cashNeeded)} but ${fmt(o.cashAvailable)} is available`);
    }
    const max = this.config.maxOrderNotional;
    if (max !== undefined && o.notional > max) {
      return reject('max-order-notional', `notional ${fmt(o.notional)} exceeds the limit ${fmt(max)}`);
    }
    const share = this.config.maxPairShare;
    const shareFixed = this.shareFixed;
    if (share !== undefined && shareFixed !== undefined && o.side === 'buy' && o.equity > ZERO) {
      const after = o.pairExposure + o.notional;
      // Compare exactly: after / equity > share  <=>  after > equity x share (share as a 9-decimal fixed).
      if (after > mulExact(o.equity, shareFixed)) {
        return reject('max-pair-share', `position would be ${(toNumber(after) / toNumber(o.equity) * 100).toFixed(2)}% of equity, limit ${(share * 100).toFixed(2)}%`);
      }
    }
    return OK;
  }

  /**
   * Feeds the equity after an event; trips the drawdown breaker (halts trading) once equity
   * falls more than maxDrawdown below its peak. Returns true when it just tripped.
   */
  observeEquity(equity: number): boolean {
    if (equity > this.peakEquity) this.peakEquity = equity;
    const limit = this.config.maxDrawdown;
    if (limit === undefined || this.modeNow === 'halted' || this.peakEquity <= 0) return false;
    const drawdown = 1 - equity / this.peakEquity;
    if (drawdown > limit) {
      this.setMode('halted', `drawdown ${(drawdown * 100).toFixed(2)}% from peak exceeded the ${(limit * 100).toFixed(2)}% limit`);
      return true;
    }
    return false;
  }

  /** A deposit or withdrawal moves equity without being a gain or loss: move the peak with it. */
  onCashFlow(delta: number): void {
    if (this.peakEquity > 0 || delta > 0) this.peakEquity = Math.max(0, this.peakEquity + delta);
  }

  snapshot(): RiskSnapshot {
    return { mode: this.modeNow, peakEquity: this.peakEquity, haltReason: this.haltReason ?? null };
  }

  restore(s: RiskSnapshot): void {
    this.modeNow = s.mode;
    this.peakEquity = s.peakEquity;
    this.haltReason = s.haltReason ?? undefined;
  }
}

export interface RiskSnapshot {
  mode: TradingMode;
  peakEquity: number;
  haltReason: string | null;
}

function reject(reason: RiskRejectReason, detail: string): RiskVerdict {
  return { ok: false, reason, detail };
}

function fmt(x: Fixed): string {
  return formatFixed(x);
}
