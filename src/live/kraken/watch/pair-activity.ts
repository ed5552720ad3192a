/**
 * Rolling activity of one pair for mover detection: prices sampled per `sampleMs` bucket (for
 * the return over the momentum window) and traded volume per `volumeIntervalMs` bucket (for
 * volume acceleration). Pure: time comes only from the event timestamps and `now` arguments.
 * Prices and volumes are floats: these are signals, not money.
 *
 * Volume must be traded volume, never a difference of rolling totals: Kraken's ticker volume is
 * a rolling 24 h sum, and in a steady market the volume entering the window equals the volume
 * leaving it, so its increase is ~0, the trailing average ~0 and every uptick would read as a
 * huge acceleration. Hence only trades (`recordTrade`) and OHLC candles (`recordOhlc`) book
 * volume; the ticker is not an input any more.
 */
export interface ActivityOptions {
  /** Momentum look-back; 1 h by default. */
  readonly momentumWindowMs: number;
  /** Volume bucket width; the "last interval" is the latest completed bucket. */
  readonly volumeIntervalMs: number;
  /** How many completed buckets before the last one form the trailing average. */
  readonly volumeLookbackIntervals: number;
  /** Price sampling resolution for the momentum reference. */
  readonly sampleMs: number;
}

export const DEFAULT_ACTIVITY: ActivityOptions = {
  momentumWindowMs: 3_600_000,
  volumeIntervalMs: 300_000,
  volumeLookbackIntervals: 12,
  sampleMs: 60_000,
};

export interface ActivityMetrics {
  readonly lastPrice?: number;
  /** last / price one window ago - 1; undefined until the history spans the window. */
  readonly momentum?: number;
  /** Volume of the last completed interval. */
  readonly intervalVolume?: number;
  readonly trailingAverageVolume?: number;
  /** intervalVolume / trailingAverageVolume (Infinity when the average is 0 and volume > 0); undefined without enough history. */
  readonly volumeAcceleration?: number;
}

/** Throws a RangeError naming the values unless this is a usable trade (finite ts, price > 0, qty >= 0). */
export function checkTrade(ts: number, price: number, qty: number): void {
  if (!(Number.isFinite(price) && price > 0 && Number.isFinite(qty) && qty >= 0 && Number.isFinite(ts))) {
    throw new RangeError(`bad trade ts=${ts} price=${price} qty=${qty}`);
  }
}

/** Throws a RangeError naming the values unless this is a usable OHLC update (ts >= interval_begin, close > 0, volume >= 0). */
export function checkOhlc(intervalBegin: number, ts: number, close: number, candleVolume: number): void {
  if (!(Number.isFinite(intervalBegin) && Number.isFinite(ts) && ts >= intervalBegin && Number.isFinite(close) && close > 0 && Number.isFinite(candleVolume) && candleVolume >= 0)) {
    throw new RangeError(`bad ohlc interval_begin=${intervalBegin} ts=${ts} close=${close} volume=${candleVolume} (needs ts >= interval_begin, close > 0, volume >= 0)`);
  }
}

export class PairActivity {
  /** [bucket start, last price in bucket], ascending. */
  private readonly samples: [number, number][] = [];
  private readonly volumes = new Map<number, number>();
  /** interval_begin -> the candle's cumulative volume already booked. */
  private readonly candleVolumes = new Map<number, number>();
  private firstSeenAt: number | undefined;
  private latestTs = -Infinity;

  constructor(readonly options: ActivityOptions = DEFAULT_ACTIVITY) {}

  /** One trade; `qty` 0 records the price only (when volume comes from OHLC, see WatchFeed). */
  recordTrade(ts: number, price: number, qty: number): void {
    checkTrade(ts, price, qty);
    this.seen(ts);
    this.samplePrice(ts, price);
    if (qty > 0) this.book(this.bucketOf(ts), qty);
    this.prune();
  }

  /**
   * One OHLC update: the in-progress candle starting at `intervalBegin` has cumulative volume
   * `candleVolume` and last price `close` as of `ts`. The traded volume since the previous update
   * is exact: `candleVolume` minus what was last seen for the same `intervalBegin` (a candle not
   * seen before starts from 0). Re-sent candles (a snapshot after a reconnect) therefore add only
   * what is new, and a snapshot of past candles fills history in one go.
   *
   * The delta is booked in the bucket of `intervalBegin`, so candles must not straddle volume
   * buckets (the candle length must divide `volumeIntervalMs`; WatchFeed checks). A candle whose
   * volume goes down books nothing (volume cannot be untraded) and keeps the higher mark. Candles
   * older than the kept volume history are ignored.
   */
  recordOhlc(intervalBegin: number, ts: number, close: number, candleVolume: number): void {
    checkOhlc(intervalBegin, ts, close, candleVolume);
    const bucket = this.bucketOf(intervalBegin);
    if (bucket < this.oldestKeptBucket()) return;
    this.seen(intervalBegin); // the candle covers trading since its start
    this.seen(ts);
    this.samplePrice(ts, close);
    const booked = this.candleVolumes.get(intervalBegin) ?? 0;
    if (candleVolume > booked) {
      this.book(bucket, candleVolume - booked);
      this.candleVolumes.set(intervalBegin, candleVolume);
    }
    this.prune();
  }

  metrics(now: number): ActivityMetrics {
    const { momentumWindowMs, volumeIntervalMs, volumeLookbackIntervals } = this.options;
    const lastPrice = this.samples.length ? this.samples[this.samples.length - 1][1] : undefined;
    let momentum: number | undefined;
    const refTime = now - momentumWindowMs;
    if (lastPrice !== undefined && this.firstSeenAt !== undefined && this.firstSeenAt <= refTime) {
      // Price of the last sample bucket starting at or before the reference time (resolution: sampleMs).
      let ref: number | undefined;
      for (const [start, price] of this.samples) {
        if (start > refTime) break;
        ref = price;
      }
      if (ref !== undefined) momentum = lastPrice / ref - 1;
    }
    const current = Math.floor(now / volumeIntervalMs);
    const lastBucket = current - 1;
    const firstNeeded = lastBucket - volumeLookbackIntervals;
    let intervalVolume: number | undefined;
    let trailingAverageVolume: number | undefined;
    let volumeAcceleration: number | undefined;
    if (this.firstSeenAt !== undefined && Math.floor(this.firstSeenAt / volumeIntervalMs) <= firstNeeded) {
      intervalVolume = this.volumes.get(lastBucket) ?? 0;
      let sum = 0;
      for (let b = firstNeeded; b < lastBucket; b++) sum += this.volumes.get(b) ?? 0;
      trailingAverageVolume = sum / volumeLookbackIntervals;
      volumeAcceleration = trailingAverageVolume > 0 ? intervalVolume / trailingAverageVolume : intervalVolume > 0 ? Infinity : undefined;
    }
    return { lastPrice, momentum, intervalVolume, trailingAverageVolume, volumeAcceleration };
  }

  private bucketOf(ts: number): number {
    return Math.floor(ts / this.options.volumeIntervalMs);
  }

  private book(bucket: number, qty: number): void {
    this.volumes.set(bucket, (this.volumes.get(bucket) ?? 0) + qty);
  }

  private seen(ts: number): void {
    if (this.firstSeenAt === undefined || ts < this.firstSeenAt) this.firstSeenAt = ts;
    if (ts > this.latestTs) this.latestTs = ts;
  }

  private samplePrice(ts: number, price: number): void {
    const start = Math.floor(ts / this.options.sampleMs) * this.options.sampleMs;
    const last = this.samples[this.samples.length - 1];
    if (last && last[0] === start) last[1] = price;
    else if (!last || start > last[0]) this.samples.push([start, price]);
    // Out-of-order samples older than the newest bucket are ignored for the price path.
  }

  /** Volume history kept (relative to the latest event): the lookback, the last interval, the current one and one spare. */
  private oldestKeptBucket(): number {
    return this.bucketOf(this.latestTs) - this.options.volumeLookbackIntervals - 2;
  }

  /** Keeps just enough history: one window (+ a sample) of prices, lookback + 2 volume buckets. */
  private prune(): void {
    const keepFrom = this.latestTs - this.options.momentumWindowMs - 2 * this.options.sampleMs;
    // Keep the latest sample at or before keepFrom as the momentum reference.
    while (this.samples.length > 1 && this.samples[1][0] <= keepFrom) this.samples.shift();
    const oldestBucket = this.oldestKeptBucket();
    for (const b of this.volumes.keys()) if (b < oldestBucket) this.volumes.delete(b);
    for (const begin of this.candleVolumes.keys()) if (this.bucketOf(begin) < oldestBucket) this.candleVolumes.delete(begin);
  }
}
