/**
 * Client-side model of Kraken's rate limits (README section 7), so the client waits instead of
 * collecting `EAPI:Rate limit exceeded` / `EOrder:Rate limit exceeded` (which also extend bans).
 *
 * - REST call counter, per API key: +1 for most private calls, +2 (configurable; one docs page
 *   says 4) for ledger/trade-history calls, 0 for AddOrder/CancelOrder (those hit the matching
 *   engine limiter instead). Decays continuously; a call is admitted when counter + cost <= max.
 * - Matching-engine counter, per pair: AddOrder +1; CancelOrder adds an amount that depends on
 *   the order's age (table below). Ages are known only for orders this client placed in the
 *   last 300 s; cancels of other orders are not throttled locally (their pair is unknown).
 * - Public endpoints: an undocumented per-IP limit; a conservative ~1 call/s budget.
 * All waiting goes through an injected clock + sleep and is FIFO per counter. Counters are
 * charged when a call is actually sent (LimitPlan), not when it starts waiting.
 */
import { defaultSymbols } from '../../../core/instruments/symbols.ts';
import { realSleep, systemClock, type Clock, type Sleep } from './clock.ts';

/**
 * One key per pair whatever the spelling (REST altname XBTUSD, WS symbol BTC/USD): Kraken's
 * matching-engine counter is per pair and shared by REST, WebSocket and FIX orders
 * (docs.kraken.com/api/docs/guides/spot-ratelimits, "Trading rate limits").
 */
export function pairKey(pair: string): string {
  try {
    return defaultSymbols.info(pair).symbol;
  } catch {
    return pair.toUpperCase();
  }
}

export type KrakenTier = 'starter' | 'intermediate' | 'pro';

export interface CounterLimits {
  readonly max: number;
  readonly decayPerSecond: number;
}

export const API_COUNTER_LIMITS: Readonly<Record<KrakenTier, CounterLimits>> = {
  starter: { max: 15, decayPerSecond: 0.33 },
  intermediate: { max: 20, decayPerSecond: 0.5 },
  pro: { max: 20, decayPerSecond: 1 },
};

export const MATCHING_ENGINE_LIMITS: Readonly<Record<KrakenTier, CounterLimits>> = {
  starter: { max: 60, decayPerSecond: 1 },
  intermediate: { max: 125, decayPerSecond: 2.34 },
  pro: { max: 180, decayPerSecond: 3.75 },
};

/** Assumed public budget: burst of 2, then 1 per second (Kraken publishes no number). */
export const PUBLIC_LIMITS: CounterLimits = { max: 2, decayPerSecond: 1 };

const HISTORY_METHODS = new Set(['Ledgers', 'QueryLedgers', 'TradesHistory', 'QueryTrades']);
const MATCHING_ENGINE_METHODS = new Set(['AddOrder', 'CancelOrder', 'AddOrderBatch', 'CancelOrderBatch', 'EditOrder', 'AmendOrder']);

/** REST call-counter cost of a private method. */
export function apiCounterCost(method: string, historyCost = 2): number {
  if (MATCHING_ENGINE_METHODS.has(method)) return 0;
  return HISTORY_METHODS.has(method) ? historyCost : 1;
}

export type MatchingEngineTransaction = 'add' | 'amend' | 'edit' | 'cancel' | 'batch-add' | 'batch-cancel';

/** Age buckets (upper bounds, ms) of the penalty table: <5 s, <10 s, <15 s, <45 s, <90 s, <300 s. */
const AGE_BOUNDS_MS = [5_000, 10_000, 15_000, 45_000, 90_000, 300_000];
const AGE_PENALTY: Record<'amend' | 'edit' | 'cancel', readonly number[]> = {
  amend: [3, 2, 1, 0, 0, 0],
  edit: [6, 5, 4, 2, 1, 0],
  cancel: [8, 6, 5, 4, 2, 1],
};

/**
 * Matching-engine counter increment of one transaction (README 7.2). `ageMs` is the order's age
 * since placement or last amend (undefined = unknown: the worst case is assumed); `count` is
 * the number of orders in a batch.
 */
export function matchingEngineCost(tx: MatchingEngineTransaction, ageMs?: number, count = 1): number {
  const penalty = (kind: 'amend' | 'edit' | 'cancel'): number => {
    const table = AGE_PENALTY[kind];
    if (ageMs === undefined) return table[0];
    const i = AGE_BOUNDS_MS.findIndex((bound) => ageMs < bound);
    return i < 0 ? 0 : table[i];
  };
  switch (tx) {
    case 'add':
      return 1;
    case 'amend':
      return 1 + penalty('amend');
    case 'edit':
      return 1 + penalty('edit');
    case 'cancel':
      return penalty('cancel');
    case 'batch-add':
      return count / 2;
    case 'batch-cancel':
      return penalty('cancel') * count;
  }
}

/** A counter that decays linearly over time, like Kraken's. */
export class DecayingCounter {
  #level = 0;
  #at: number;
  constructor(readonly limits: CounterLimits, nowMs: number) {
    this.#at = nowMs;
  }

  levelAt(nowMs: number): number {
    const elapsed = Math.max(0, nowMs - this.#at) / 1000;
    return Math.max(0, this.#level - elapsed * this.limits.decayPerSecond);
  }

  /** Milliseconds until `cost` fits under the max (0 = now). A cost above max fits once the counter is empty. */
  waitMs(cost: number, nowMs: number): number {
    const level = this.levelAt(nowMs);
    const target = Math.max(0, this.limits.max - cost);
    if (level <= target + 1e-9) return 0;
    return Math.ceil(((level - target) / this.limits.decayPerSecond) * 1000);
  }

  add(cost: number, nowMs: number): void {
    this.#level = this.levelAt(nowMs) + cost;
    this.#at = Math.max(this.#at, nowMs);
  }

  /** Kraken said we are over the limit: assume the counter is full. */
  saturate(nowMs: number): void {
    this.#level = Math.max(this.levelAt(nowMs), this.limits.max);
    this.#at = Math.max(this.#at, nowMs);
  }
}

/** Why a call that was waiting for room on a counter was not sent: its limiter was closed. */
export class RateLimiterClosedError extends Error {
  constructor() {
    super('rate limiter closed: the call was not sent');
    this.name = 'RateLimiterClosedError';
  }
}

/** The limiter's shutdown switch, shared by its gates: closing wakes every sleeper at once. */
class Closer {
  readonly #abort = new AbortController();
  get signal(): AbortSignal {
    return this.#abort.signal;
  }
  get closed(): boolean {
    return this.#abort.signal.aborted;
  }
  close(): void {
    this.#abort.abort();
  }
  check(): void {
    if (this.closed) throw new RateLimiterClosedError();
  }
}

/** A DecayingCounter with a FIFO queue of waiters. */
class Gate {
  readonly counter: DecayingCounter;
  #tail: Promise<void> = Promise.resolve();
  constructor(
    limits: CounterLimits,
    private readonly clock: Clock,
    private readonly sleep: Sleep,
    private readonly closer: Closer,
  ) {
    this.counter = new DecayingCounter(limits, clock.now());
  }

  /**
   * Resolves once `cost` fits; does not take it (see LimitPlan). Waiters are served in order.
   * Rejects with RateLimiterClosedError once the limiter is closed, so no timer outlives it.
   */
  waitUntilFits(cost: number): Promise<void> {
    const turn = this.#tail.then(async () => {
      for (;;) {
        this.closer.check();
        const wait = this.counter.waitMs(cost, this.clock.now());
        if (wait <= 0) return;
        await this.sleep(wait, this.closer.signal);
      }
    });
    this.#tail = turn.catch(() => undefined);
    return turn;
  }

  fitsNow(cost: number): boolean {
    return this.counter.waitMs(cost, this.clock.now()) <= 0;
  }

  take(cost: number): void {
    this.closer.check();
    this.counter.add(cost, this.clock.now());
  }
}

/**
 * Two-phase admission. `wait()` sleeps until the call would fit; `tryTake()` then charges the
 * counters atomically, or returns false if others got there first. The client calls `tryTake()`
 * at the moment of sending (inside its private lane), so the counters see calls when Kraken
 * does, even when requests queue behind each other; a call waiting for room never holds the lane.
 */
export interface LimitPlan {
  wait(): Promise<void>;
  fitsNow(): boolean;
  /** Charges the counters if everything fits now; otherwise changes nothing and returns false. */
  tryTake(): boolean;
}

function planOf(charges: ReadonlyArray<readonly [Gate, number]>): LimitPlan {
  const active = charges.filter(([, cost]) => cost > 0);
  const fitsNow = (): boolean => active.every(([gate, cost]) => gate.fitsNow(cost));
  return {
    async wait() {
      for (const [gate, cost] of active) await gate.waitUntilFits(cost);
    },
    fitsNow,
    tryTake() {
      if (!fitsNow()) return false;
      for (const [gate, cost] of active) gate.take(cost);
      return true;
    },
  };
}

const FREE_PLAN: LimitPlan = planOf([]);

/** One plan that waits for all and charges all or nothing. */
export function allOf(...plans: LimitPlan[]): LimitPlan {
  const fitsNow = (): boolean => plans.every((p) => p.fitsNow());
  return {
    async wait() {
      for (const p of plans) await p.wait();
    },
    fitsNow,
    tryTake() {
      if (!fitsNow()) return false;
      for (const p of plans) p.tryTake();
      return true;
    },
  };
}

/** Waits and charges in one go (for callers without a send lane). */
export async function acquire(plan: LimitPlan): Promise<void> {
  for (;;) {
    await plan.wait();
    if (plan.tryTake()) return;
  }
}

export interface RateLimiterOptions {
  readonly tier?: KrakenTier;
  /** false = never wait (every acquire resolves at once). Default true. */
  readonly enabled?: boolean;
  /** Cost of Ledgers/TradesHistory/QueryLedgers/QueryTrades on the REST counter. Default 2. */
  readonly historyCost?: number;
  /** Public budget; false disables public throttling. */
  readonly publicLimits?: CounterLimits | false;
  readonly clock?: Clock;
  readonly sleep?: Sleep;
}

interface PlacedOrder {
  readonly pair: string;
  readonly atMs: number;
}

const AGE_TRACK_MS = 300_000;

export class KrakenRateLimiter {
  readonly enabled: boolean;
  readonly tier: KrakenTier;
  readonly historyCost: number;
  readonly #clock: Clock;
  readonly #sleep: Sleep;
  readonly #api: Gate;
  readonly #public: Gate | undefined;
  readonly #pairs = new Map<string, Gate>();
  readonly #placed = new Map<string, PlacedOrder>();
  readonly #closer = new Closer();

  constructor(options: RateLimiterOptions = {}) {
    this.enabled = options.enabled ?? true;
    this.tier = options.tier ?? 'starter';
    this.historyCost = options.historyCost ?? 2;
    this.#clock = options.clock ?? systemClock;
    this.#sleep = options.sleep ?? realSleep;
    this.#api = new Gate(API_COUNTER_LIMITS[this.tier], this.#clock, this.#sleep, this.#closer);
    const pub = options.publicLimits ?? PUBLIC_LIMITS;
    this.#public = pub === false ? undefined : new Gate(pub, this.#clock, this.#sleep, this.#closer);
  }

  /**
   * Ends the limiter: every call still waiting for room rejects with RateLimiterClosedError (it
   * was never sent) and its sleep timer is cleared, so a stopped client does not keep the process
   * alive; later calls reject the same way. Idempotent.
   */
  close(): void {
    this.#closer.close();
  }

  get closed(): boolean {
    return this.#closer.closed;
  }

  /** Waits until a public call fits the public budget, and charges it. */
  async acquirePublic(): Promise<void> {
    if (!this.enabled || this.#public === undefined) return;
    await acquire(planOf([[this.#public, 1]]));
  }

  /** Plan for a private call on the REST call counter (free for matching-engine methods). */
  privatePlan(method: string): LimitPlan {
    if (!this.enabled) return FREE_PLAN;
    return planOf([[this.#api, apiCounterCost(method, this.historyCost)]]);
  }

  /** Plan for an AddOrder on `pair`: +1 on the pair's matching-engine counter. */
  addOrderPlan(pair: string): LimitPlan {
    if (!this.enabled) return FREE_PLAN;
    return planOf([[this.#pairGate(pair), matchingEngineCost('add')]]);
  }

  /** Plan for cancelling `orderRef` (txid or cl_ord_id), priced by the order's age; unknown orders are free. */
  cancelOrderPlan(orderRef: string): LimitPlan {
    const placed = this.#placed.get(orderRef);
    if (!this.enabled || placed === undefined) return FREE_PLAN;
    return planOf([[this.#pairGate(placed.pair), matchingEngineCost('cancel', this.#clock.now() - placed.atMs)]]);
  }

  /** Waits for and charges a private call (convenience for callers without a send lane). */
  acquirePrivate(method: string): Promise<void> {
    return acquire(this.privatePlan(method));
  }

  acquireAddOrder(pair: string): Promise<void> {
    return acquire(this.addOrderPlan(pair));
  }

  acquireCancelOrder(orderRef: string): Promise<void> {
    return acquire(this.cancelOrderPlan(orderRef));
  }

  /** Remembers when orders were placed so cancels can be priced by age. */
  recordPlaced(pair: string, refs: readonly string[]): void {
    const now = this.#clock.now();
    for (const [ref, p] of this.#placed) if (now - p.atMs >= AGE_TRACK_MS) this.#placed.delete(ref);
    for (const ref of refs) this.#placed.set(ref, { pair, atMs: now });
  }

  /** Call when Kraken answered EAPI:Rate limit exceeded: the local model was wrong, assume full. */
  onApiRateLimitExceeded(): void {
    this.#api.counter.saturate(this.#clock.now());
  }

  /** Call when Kraken answered EOrder:Rate limit exceeded for `pair`. */
  onOrderRateLimitExceeded(pair: string): void {
    this.#pairGate(pair).counter.saturate(this.#clock.now());
  }

  /** Current modelled REST counter level (for metrics and tests). */
  apiCounterLevel(): number {
    return this.#api.counter.levelAt(this.#clock.now());
  }

  matchingEngineLevel(pair: string): number {
    return this.#pairs.get(pairKey(pair))?.counter.levelAt(this.#clock.now()) ?? 0;
  }

  #pairGate(pair: string): Gate {
    const key = pairKey(pair);
    let gate = this.#pairs.get(key);
    if (gate === undefined) {
      gate = new Gate(MATCHING_ENGINE_LIMITS[this.tier], this.#clock, this.#sleep, this.#closer);
      this.#pairs.set(key, gate);
    }
    return gate;
  }
}
