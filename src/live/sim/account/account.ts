import { mul, parseFixed, roundTo, type Fixed } from '../../../core/decimal/fixed.ts';
import { DecayingCounter, REST_TIERS, TRADING_TIERS, type Tier } from '../auth/rate-counter.ts';
import type { SimAsset } from '../catalog/catalog.ts';
import type { LedgerEntry, SimOrder, TradeRecord } from '../engine/types.ts';

export interface AccountConfig {
  key: string;
  /** Base64 API secret. */
  secret: string;
  /** Initial balances by asset (ISO code or REST id): `{ USD: '10000', BTC: '0.5' }`. */
  balances?: Record<string, string>;
  tier?: Tier;
  /** Fee rates in percent (Kraken style): default maker 0.16, taker 0.26. */
  makerFeePct?: number;
  takerFeePct?: number;
  /** API-key permissions; default all. */
  permissions?: Partial<Record<Permission, boolean>>;
}

export type Permission = 'query' | 'trade' | 'websocket' | 'ledger';

/**
 * One exchange account behind an API key: balances (exact), orders, own trades and ledger, the nonce
 * and rate-limit state of its key, and its dead man's switch. Holds are not stored but derived from
 * open orders, so they can never drift from the order book.
 */
export class Account {
  readonly key: string;
  readonly secret: string;
  readonly tier: Tier;
  readonly makerRate: Fixed; // fraction (0.0016)
  readonly takerRate: Fixed;
  readonly permissions: Record<Permission, boolean>;
  readonly balances = new Map<SimAsset, Fixed>();
  /**
   * Kraken Rewards (`.F`, auto-earning) balances by base asset. Read-only views at Kraken: they
   * are traded through the base asset (docs.kraken.com/api-reference/account-data/get-account-balance,
   * "Symbol Extensions"), so they count as available for the base asset and a sale draws on them
   * once the spot balance is used up.
   */
  readonly rewards = new Map<SimAsset, Fixed>();
  /** Other read-only variants (`.S` staked, `.M` opt-in rewards, `.B` yield-bearing, `.T` tokenized): shown, never spendable. */
  readonly readOnly = new Map<string, Fixed>();
  /**
   * Credit lines per asset: BalanceEx shows `credit` and `credit_used`, and "available balance =
   * balance + credit - credit_used - hold_trade" (docs.kraken.com/api-reference/account-data/get-extended-balance).
   */
  readonly credit = new Map<SimAsset, { credit: Fixed; used: Fixed }>();
  readonly orders = new Map<string, SimOrder>();
  readonly trades: TradeRecord[] = [];
  readonly ledger: LedgerEntry[] = [];
  lastNonce = -1n;
  readonly restCounter: DecayingCounter;
  readonly tradingCounters = new Map<string, DecayingCounter>();
  deadman?: { timerId: number; triggerAt: number };

  constructor(cfg: AccountConfig, nowMs: number) {
    this.key = cfg.key;
    this.secret = cfg.secret;
    this.tier = cfg.tier ?? 'intermediate';
    this.makerRate = parseFixed(String(cfg.makerFeePct ?? 0.16)) / 100n;
    this.takerRate = parseFixed(String(cfg.takerFeePct ?? 0.26)) / 100n;
    this.permissions = { query: true, trade: true, websocket: true, ledger: true, ...cfg.permissions };
    const t = REST_TIERS[this.tier];
    this.restCounter = new DecayingCounter(t.max, t.decay, nowMs);
  }

  tradingCounter(symbol: string, nowMs: number): DecayingCounter {
    let c = this.tradingCounters.get(symbol);
    if (!c) {
      const t = TRADING_TIERS[this.tier];
      c = new DecayingCounter(t.threshold, t.decay, nowMs);
      this.tradingCounters.set(symbol, c);
    }
    return c;
  }

  balance(asset: SimAsset): Fixed {
    return this.balances.get(asset) ?? 0n;
  }

  reward(asset: SimAsset): Fixed {
    return this.rewards.get(asset) ?? 0n;
  }

  /**
   * Books a balance change on the spot balance; a debit larger than the spot balance takes the
   * rest from the asset's `.F` balance. Returns the spot balance after.
   */
  book(asset: SimAsset, delta: Fixed): Fixed {
    let spot = this.balance(asset) + delta;
    if (spot < 0n) {
      const fromRewards = -spot <= this.reward(asset) ? -spot : this.reward(asset);
      this.rewards.set(asset, this.reward(asset) - fromRewards);
      spot += fromRewards;
    }
    this.balances.set(asset, spot);
    return spot;
  }

  openOrders(): SimOrder[] {
    return [...this.orders.values()].filter((o) => o.status === 'open' || o.status === 'pending');
  }

  /** Amount reserved by open orders, per asset (Kraken BalanceEx `hold_trade`). */
  holds(): Map<SimAsset, Fixed> {
    const out = new Map<SimAsset, Fixed>();
    for (const o of this.openOrders()) {
      const h = holdOf(o, this.takerRate);
      if (h) out.set(h.asset, (out.get(h.asset) ?? 0n) + h.amount);
    }
    return out;
  }

  available(asset: SimAsset, excluding?: SimOrder): Fixed {
    let held = this.holds().get(asset) ?? 0n;
    if (excluding) {
      const h = holdOf(excluding, this.takerRate);
      // Only an order that is actually live holds anything (a probe built for validation does not).
      if (h && h.asset === asset && this.orders.get(excluding.id) === excluding && excluding.status === 'open') held -= h.amount;
    }
    const c = this.credit.get(asset);
    return this.balance(asset) + this.reward(asset) + (c ? c.credit - c.used : 0n) - held;
  }
}

/**
 * What an open order reserves: a buy reserves remaining x reference price x (1 + taker rate) of the
 * quote (reference = limit price, else trigger price, else the price it was placed at); a sell reserves
 * the remaining base quantity (plus the taker fee when the fee is charged in base).
 */
export function holdOf(o: SimOrder, takerRate: Fixed, refPrice?: Fixed): { asset: SimAsset; amount: Fixed } | undefined {
  const remaining = o.qty - o.filled;
  if (remaining <= 0n) return undefined;
  if (o.side === 'sell') {
    const fee = o.req.feeInBase ? mul(remaining, takerRate, 'ceil') : 0n;
    return { asset: o.pair.base, amount: roundTo(remaining + fee, o.pair.base.decimals, 'ceil') };
  }
  const price = o.limitPrice ?? o.triggerPrice ?? refPrice ?? o.extreme ?? 0n;
  const cost = mul(remaining, price, 'ceil');
  return { asset: o.pair.quote, amount: roundTo(cost + mul(cost, takerRate, 'ceil'), o.pair.quote.decimals, 'ceil') };
}
