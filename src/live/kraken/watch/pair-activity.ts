/**
 * Rolling activity of one pair for mover detection: prices sampled per `sampleMs` bucket (for
 * the return over the momentum window) and traded volume per `volumeIntervalMs` bucket (for
 * volume acceleration). Pure: time comes only from the event timestamps and `now` arguments.
 * Prices and volumes are floats: these are signals, not money.
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

export class PairActivity {
  /** [bucket start, last price in bucket], ascending. */
  private readonly samples: [number, number][] = [];
  private readonly volumes = new Map<number, number>();
  private firstSeenAt: number | undefined;
  private lastTicker: { ts: number; volume24h: number } | undefined;

  constructor(readonly options: ActivityOptions = DEFAULT_ACTIVITY) {}

  recordTrade(ts: number, price: number, qty: number): void {
    if (!(Number.isFinite(price) && price > 0 && Number.isFinite(qty) && qty >= 0 && Number.isFinite(ts))) {
      throw new RangeError(`bad trade ts=${ts} price=${price} qty=${qty}`);
    }
    this.seen(ts);
    this.samplePrice(ts, price);
    const bucket = Math.floor(ts / this.options.volumeIntervalMs);
    this.volumes.set(bucket, (this.volumes.get(bucket) ?? 0) + qty);
    this.prune(ts);
  }

  /**
   * Ticker updates give the last price and Kraken's rolling 24 h volume. Traded volume is
   * approximated by the increase of that rolling volume since the previous ticker (decreases,
   * from trades rolling out of the 24 h window, count as 0), so it underestimates: use trades
   * where precision matters.
   */
  recordTicker(ts: number, last: number, volume24h: number): void {
    if (!(Number.isFinite(last) && last > 0 && Number.isFinite(volume24h) && volume24h >= 0 && Number.isFinite(ts))) {
      throw new RangeError(`bad ticker ts=${ts} last=${last} volume=${volume24h}`);
    }
    this.seen(ts);
    this.samplePrice(ts, last);
    if (this.lastTicker && ts >= this.lastTicker.ts) {
      const delta = volume24h - this.lastTicker.volume24h;
      if (delta > 0) {
        const bucket = Math.floor(ts / this.options.volumeIntervalMs);
        this.volumes.set(bucket, (this.volumes.get(bucket) ?? 0) + delta);
      }
    }
    this.lastTicker = { ts, volume24h };
    this.prune(ts);
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

  private seen(ts: number): void {
    if (this.firstSeenAt === undefined || ts < this.firstSeenAt) this.firstSeenAt = ts;
  }

  private samplePrice(ts: number, price: number): void {
    const start = Math.floor(ts / this.options.sampleMs) * this.options.sampleMs;
    const last = this.samples[this.samples.length - 1];
    if (last && last[0] === start) last[1] = price;
    else if (!last || start > last[0]) this.samples.push([start, price]);
    // Out-of-order samples older than the newest bucket are ignored for the price path.
  }

  /** Keeps just enough history: one window (+ a sample) of prices, lookback + 2 volume buckets. */
  private prune(now: number): void {
    const keepFrom = now - this.options.momentumWindowMs - 2 * this.options.sampleMs;
    // Keep the latest sample at or before keepFrom as the momentum reference.
    while (this.samples.length > 1 && this.samples[1][0] <= keepFrom) this.samples.shift();
    const oldestBucket = Math.floor(now / this.options.volumeIntervalMs) - this.options.volumeLookbackIntervals - 2;
    for (const b of this.volumes.keys()) if (b < oldestBucket) this.volumes.delete(b);
  }
}
